#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, sandbox, integration, contract). Fails when any fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$here/build}"
bash "$here/scripts/setup.sh"
BUILD_DIR="$build" bash "$here/scripts/build.sh"
if command -v clang-format >/dev/null; then
  cmake --build "$build" --target format-check
fi
cd "$build"
# GUI tests use the offscreen platform; anything needing a desktop session runs under xvfb-run.
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j2 --timeout 600
