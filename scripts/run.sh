#!/usr/bin/env bash
# Sets up, builds and runs Completion Checker on the built-in sandbox (no accounts needed).
# Default: one full run over 200 demo learners, then a health check. Pass your own options to
# run something else, e.g.:  scripts/run.sh --sandbox --headless
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
bash "$here/scripts/build.sh"
bin="${BUILD_DIR:-$here/build}/app/completion-checker"
if [ $# -gt 0 ]; then
  exec "$bin" "$@"
fi
"$bin" --sandbox --once || true
echo
"$bin" --sandbox --health
