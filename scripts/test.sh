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

# Engine benchmarks, smoke mode only: tiny counts, a few seconds each. They fail only if a run does
# not check every learner; their speed is never judged here (docs/BENCHMARKS.md has the figures).
for bench in bench_run_throughput bench_run_scale; do
  echo "smoke: $bench"
  "$build/bench/$bench" --smoke
done

# Sanitizer stage: the core tests again (every parser, the completion rule, the store, the config),
# built with ASan+UBSan without the GUI (scripts/test-sanitizers.sh), only the targets they need, so
# that .ci/run stays well under 30 minutes on a 2-core machine. The integration tests join with
# CC_SANITIZE_LABELS='unit|store|config|integration|sandbox|contract'; CC_SKIP_SANITIZERS=1 skips it.
if [ "${CC_SKIP_SANITIZERS:-0}" = "1" ]; then
  echo "sanitizers: skipped (CC_SKIP_SANITIZERS=1)"
else
  started=$(date +%s)
  CC_SANITIZE_LABELS="${CC_SANITIZE_LABELS:-unit|store|config}" \
    CC_SANITIZE_EXCLUDE="${CC_SANITIZE_EXCLUDE:-gui|x11|models}" CC_SANITIZE_JOBS="${CC_SANITIZE_JOBS:-2}" \
    bash "$here/scripts/test-sanitizers.sh"
  echo "sanitizers: ASan+UBSan stage took $(($(date +%s) - started)) s"
fi
