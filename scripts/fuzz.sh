#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan+UBSan) in build-fuzz/ and runs each for a bounded
# time on a scratch copy of its seed corpus; the committed corpus is never changed. Prints executions,
# exec/s, coverage (cov, ft) and crashes per target; exits non-zero when any target found something.
# Not part of scripts/test.sh or CI: run it by hand (docs/RELIABILITY.md, "Fuzzing").
#
#   FUZZ_SECONDS=60     seconds per target
#   FUZZ_TARGETS="..."  a subset of the targets
#   BUILD_DIR=...       build directory (default build-fuzz)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$here/build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
all_targets=(fuzz_appwrite_list fuzz_appwrite_error fuzz_appwrite_schema fuzz_graphy_learners fuzz_schedule fuzz_settings)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

max_len_of() {
  case "$1" in
    fuzz_schedule) echo 4096 ;;                               # one line of text
    fuzz_appwrite_list | fuzz_graphy_learners | fuzz_appwrite_schema) echo 131072 ;; # a page of 100 documents is ~50 KB
    *) echo 65536 ;;
  esac
}

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found; run scripts/setup.sh" >&2; exit 2; }
CC=clang CXX=clang++ cmake -S "$here" -B "$build" -G Ninja -DCC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j1 --target "${targets[@]}"

scratch="$(mktemp -d /tmp/cc-fuzz-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export QT_QPA_PLATFORM=offscreen

failed=0
summary=()
for t in "${targets[@]}"; do
  corpus="$scratch/$t"
  mkdir -p "$corpus"
  cp "$here/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  dict=()
  [ -f "$here/fuzz/$t.dict" ] && dict=("-dict=$here/fuzz/$t.dict")
  log="$artifacts/$t.log"
  echo "fuzz: $t for ${seconds}s (log: $log)"
  set +e
  "$build/fuzz/$t" "$corpus" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len="$(max_len_of "$t")" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$t-" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  cov="$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)"
  ft="$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)"
  crash="none"
  if [ "$rc" -ne 0 ]; then
    failed=1
    crash="$(grep -Eo '(crash|leak|timeout|oom|slow-unit)-[0-9a-f]+' "$log" | tail -1)"
    crash="rc=$rc ${crash:-see log} ($(grep -m1 -Eo 'ERROR: [A-Za-z]+: [^ ]+( [^ ]+)?|runtime error: .*|fuzz check failed: .*' "$log" || true))"
  fi
  summary+=("$(printf '%-22s %12s %8s %6s %7s  %s' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$crash")")
done

echo
printf '%-22s %12s %8s %6s %7s  %s\n' target execs exec/s cov ft crashes
printf '%s\n' "${summary[@]}"
exit "$failed"
