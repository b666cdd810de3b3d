#!/usr/bin/env bash
# Start-up of the real desktop app (issue 12, "start-up"): from launching `completion-checker` to
# its window showing the learners cached in the local store, under Xvfb. Each launch gets
# CC_STARTUP_TRACE=1, which makes the app print one line on stderr once the window has painted
# the learners of its store (front/StartupTrace); the script records the time just before exec
# and takes the app's wall clock from that line. Isolated HOME and XDG dirs; the store is where
# the app keeps it (QStandardPaths::AppDataLocation under XDG_DATA_HOME), pre-filled with N
# learners (each with a latest check) by `bench_gui_responsiveness --fill-store`. The services
# point at a closed loopback port and no run is due, so the figure is the start-up alone.
# Three cases, --runs launches each, median reported: the empty store (baseline), the cached
# store "cold-ish" (the store file and the binary evicted from the page cache before each launch
# with posix_fadvise; Qt's libraries stay cached) and "warm". Prints figures; asserts nothing.
#
#   bench/startup_desktop.sh [--runs 5] [--learners 100000] [--build DIR] [--platform xcb|offscreen]
set -euo pipefail

runs=5
learners=100000
platform=xcb
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build="$here/../build-bench-gui"
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --learners) learners=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --platform) platform=$2; shift 2 ;;
    --inner) inner=1; shift ;;
    *) echo "usage: $0 [--runs N] [--learners N] [--build DIR] [--platform xcb|offscreen]" >&2; exit 2 ;;
  esac
done

# Drops a file's clean pages from the page cache (no root needed; other files are untouched).
evict() {
  python3 -c 'import os, sys
for p in sys.argv[1:]:
    if os.path.exists(p):
        fd = os.open(p, os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)' "$@"
}

# One launch with HOME=$1 (evicting its store first when $2 is "cold"): prints
# "<launch to window ms> <ms after process start, app's own> <learners shown>".
launch() {
  local home=$1 mode=$2 log start_ns line epoch app tries
  local store="$home/data/CompletionChecker/completion-checker/completion-checker.sqlite"
  [[ $mode == cold ]] && evict "$store" "$store-wal" "$store-shm" "$CC_BINARY"
  log="$home/app.log"
  start_ns=$(date +%s%N)
  env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
    XDG_RUNTIME_DIR="$home/runtime" CC_STARTUP_TRACE=1 QT_QPA_PLATFORM="$platform" \
    "$CC_BINARY" >"$log" 2>&1 &
  app=$!
  line=""
  for ((tries = 0; tries < 3000; tries++)); do # up to 60 s
    line=$(grep -m1 '^startup-trace:' "$log" 2>/dev/null || true)
    [[ -n $line ]] && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.02
  done
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  if [[ -z $line ]]; then
    echo "no startup-trace line; the app's log:" >&2
    cat "$log" >&2
    exit 1
  fi
  epoch=$(sed -E 's/.*epoch ms ([0-9]+).*/\1/' <<<"$line")
  echo "$((epoch - start_ns / 1000000)) $(sed -E 's/.* ([0-9]+) ms after process start.*/\1/' <<<"$line") \
$(sed -E 's/.*showing ([0-9]+) learners.*/\1/' <<<"$line") $(sed -E 's/.*first chunk (-?[0-9]+) ms.*/\1/' <<<"$line") \
$(sed -E 's/.*last chunk in the table (-?[0-9]+) ms.*/\1/' <<<"$line")"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Runs `launch` $runs times for one case and prints its row.
measure() {
  local name=$1 home=$2 mode=$3 i out all="" own="" first="" last="" shown=""
  for ((i = 0; i < runs; i++)); do
    out=$(launch "$home" "$mode")
    all+="$(cut -d' ' -f1 <<<"$out") "
    own+="$(cut -d' ' -f2 <<<"$out") "
    shown=$(cut -d' ' -f3 <<<"$out")
    first+="$(cut -d' ' -f4 <<<"$out") "
    last+="$(cut -d' ' -f5 <<<"$out") "
  done
  printf "%-28s %7s %15s %14s %12s %12s   each: %s\n" "$name" "$shown" \
    "$(tr ' ' '\n' <<<"$all" | grep . | median)" "$(tr ' ' '\n' <<<"$own" | grep . | median)" \
    "$(tr ' ' '\n' <<<"$first" | grep . | median)" "$(tr ' ' '\n' <<<"$last" | grep . | median)" "$all"
}

if [[ -n ${inner:-} ]]; then
  printf "%-28s %7s %15s %14s %12s %12s\n" "case (median of $runs)" "rows" "launch->rows ms" "after start" \
    "1st chunk" "last chunk"
  measure "empty store (baseline)" "$CC_WORK/empty" warm
  measure "$learners cached, cold-ish" "$CC_WORK/full" cold
  measure "$learners cached, warm" "$CC_WORK/full" warm
  exit 0
fi

CC_BINARY=$(realpath "$build/front/completion-checker")
fill="$build/bench/bench_gui_responsiveness"
for f in "$CC_BINARY" "$fill"; do
  [[ -x $f ]] || { echo "startup_desktop: $f is missing (build completion-checker and bench_gui_responsiveness)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for home in "$work/empty" "$work/full"; do
  mkdir -p -m 700 "$home/config" "$home/data" "$home/cache" "$home/runtime"
done
"$fill" --fill-store "$work/full/data/CompletionChecker/completion-checker" --learners "$learners"

export CC_BINARY CC_WORK="$work"
# Valid settings (environment, as a server's unit would give them) for a service that is not there,
# a closed loopback port: the window opens at once, no welcome, no keychain, no run due for 12 h.
export APPWRITE_ENDPOINT=http://127.0.0.1:9/v1 APPWRITE_PROJECT=bench APPWRITE_API_KEY=bench-key \
  GRAPHY_API_BASE=http://127.0.0.1:9 GRAPHY_API_KEY=bench-key GRAPHY_MERCHANT_ID=bench \
  COMPLETION_CHECKER_SCHEDULE="0 $((($(date +%-H) + 12) % 24)) * * *"
echo "binary: $CC_BINARY; platform $platform; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $platform == xcb ]]; then
  xvfb-run -a -s "-screen 0 1280x800x24" "$BASH" "${BASH_SOURCE[0]}" --inner --runs "$runs" \
    --learners "$learners" --platform "$platform"
else
  "$BASH" "${BASH_SOURCE[0]}" --inner --runs "$runs" --learners "$learners" --platform "$platform"
fi
