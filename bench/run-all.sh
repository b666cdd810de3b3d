#!/usr/bin/env bash
# Builds the engine benchmarks and runs them, writing their figures to $BUILD_DIR/bench-results/ (and stdout).
# The figures are ratios measured in one run on a possibly shared machine: see docs/BENCHMARKS.md.
# The GUI benchmarks and the idle figures have their own commands (docs/BENCHMARKS.md).
#
#   bash bench/run-all.sh [--smoke]     # BUILD_DIR=build-bench by default
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$here/build-bench}"
out="${BENCH_OUT:-$build/bench-results}"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
nice cmake --build "$build" -j"${BENCH_JOBS:-1}" --target bench_run_throughput bench_run_scale
mkdir -p "$out"
{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname): $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  lscpu | head -n 15
  free -m | head -n 2
} | tee "$out/machine.txt"
run() {
  local name=$1
  shift
  echo "== $name $*"
  nice "$build/bench/$name" "$@" | tee "$out/$name.txt"
}
run bench_run_throughput "$@"
run bench_run_scale "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
