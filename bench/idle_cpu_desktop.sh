#!/usr/bin/env bash
# Phase 3 of the idle-CPU benchmark (bench_idle_cpu measures the baseline and the checker alone):
# the whole desktop app idle in the tray. Starts `completion-checker --sandbox --minimized` under
# xvfb-run with trayer as the system tray, waits for the first demo run to end, then samples
# the process over a window: CPU (utime + stime of /proc/PID/stat, all threads) and wake-ups
# (voluntary context switches, summed over /proc/PID/task/*/status: /proc/PID/status alone counts
# the main thread only). The schedule is daily at an hour 12 h away, so no slot fires meanwhile.
# The sandbox runs in a thread of the app, so it is included. Prints figures; asserts nothing.
#
#   bench/idle_cpu_desktop.sh [--seconds N] [--settle N] [--binary PATH]
#
# (--inner is the script calling itself inside xvfb-run.) Wake-ups of threads that end within the
# window are not counted (Qt's pooled threads end after 30 s idle); the CPU figure has them.
set -euo pipefail

seconds=20
# The demo run ends ~1 s after start; its notification (Qt's own balloon when no notification
# daemon runs, as under Xvfb) hides 10 s later with a burst of ~40 wake-ups: settle past that.
settle=15
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binary=""
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --inner) inner=1; shift ;;
    *) echo "usage: $0 [--seconds N] [--settle N] [--binary PATH]" >&2; exit 2 ;;
  esac
done

# Voluntary context switches of every live thread of $1, as "name count" lines.
thread_switches() {
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' <"$task/comm" 2>/dev/null || echo gone)" \
      "$(awk '/^voluntary_ctxt_switches:/ {print $2}' "$task/status" 2>/dev/null || echo 0)"
  done
}
# utime + stime of the whole process, in clock ticks (fields 14 and 15; comm may hold spaces).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# Sleeps in the background and waits for it, so a signal's trap runs at once, not after the sleep.
pause_pid=""
pause() {
  sleep "$1" &
  pause_pid=$!
  wait "$pause_pid"
  pause_pid=""
}

if [[ -n ${inner:-} ]]; then
  # Inside xvfb-run: a tray, the app, the measurement. Everything started here is stopped here.
  echo $$ >"$CC_WORK/inner.pid"
  pids=()
  # shellcheck disable=SC2317  # called by the EXIT trap
  cleanup_inner() {
    local p tries
    if [[ -n $pause_pid ]]; then kill "$pause_pid" 2>/dev/null || true; fi
    for p in "${pids[@]}"; do
      kill "$p" 2>/dev/null || continue
      for ((tries = 0; tries < 50; tries++)); do
        if ! kill -0 "$p" 2>/dev/null; then break; fi
        sleep 0.1
      done
      kill -KILL "$p" 2>/dev/null || true
      wait "$p" 2>/dev/null || true
    done
  }
  trap cleanup_inner EXIT
  trap 'exit 130' INT TERM
  trayer --edge top --align right --widthtype pixel --width 120 --height 28 &
  pids+=($!)
  pause 1
  "$CC_BINARY" --sandbox --minimized --config "$CC_INI" >"$CC_WORK/app.log" 2>&1 &
  app=$!
  pids=("$app" "${pids[@]}")
  pause "$settle"
  kill -0 "$app" 2>/dev/null || { echo "the app exited early; its log:" >&2; cat "$CC_WORK/app.log" >&2; exit 1; }
  # Top-level windows of the app that are on screen (none expected: it is in the tray).
  mapped=0
  for id in $(xwininfo -root -tree 2>/dev/null | awk '/"Completion Checker/ {print $1}'); do
    xwininfo -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable' && mapped=$((mapped + 1))
  done
  tick=$(getconf CLK_TCK)
  threads_before=$(thread_switches "$app")
  cpu_before=$(cpu_ticks "$app")
  main_before=$(awk '/^voluntary_ctxt_switches:/ {print $2}' "/proc/$app/status")
  start_ns=$(date +%s%N)
  pause "$seconds"
  end_ns=$(date +%s%N)
  cpu_after=$(cpu_ticks "$app")
  main_after=$(awk '/^voluntary_ctxt_switches:/ {print $2}' "/proc/$app/status")
  threads_after=$(thread_switches "$app")
  wall_ms=$(((end_ns - start_ns) / 1000000))
  cpu_ms=$(((cpu_after - cpu_before) * 1000 / tick))
  # Per thread name: after - before (a thread started in the window counts from zero).
  per_thread=$(awk 'NR == FNR {b[$1] += $2; next} {a[$1] += $2} END {for (n in a) printf "%s=%d\n", n, a[n] - b[n]}' \
    <(echo "$threads_before") <(echo "$threads_after") | sort)
  wakeups=$(echo "$per_thread" | awk -F= '{s += $2} END {print s + 0}')
  awk -v w="$wall_ms" -v c="$cpu_ms" -v k="$wakeups" -v m="$((main_after - main_before))" -v t="$tick" \
    -v s="$seconds" -v n="$(echo "$threads_after" | wc -l)" -v win="$mapped" 'BEGIN {
      printf "desktop app idle in the tray (xvfb + trayer), window %d s, CLK_TCK %d (CPU resolution %.0f ms)\n", s, t, 1000 / t
      printf "%-32s %10s %10s %8s %12s %10s\n", "phase", "wall ms", "CPU ms", "CPU %", "wake-ups", "per min"
      printf "%-32s %10d %10d %8.3f %12d %10.1f\n", "desktop idle (+ sandbox thread)", w, c, 100 * c / w, k, k * 60000 / w
      printf "(%d threads; main thread alone: %d wake-ups; app windows on screen: %d)\n", n, m, win
      printf "{\"bench\":\"idle_cpu_desktop\",\"seconds\":%d,\"sandbox_in_process\":true,\"desktop_idle\":{\"wall_ms\":%d,\"cpu_ms\":%d,\"cpu_percent\":%.3f,\"wakeups\":%d,\"wakeups_per_min\":%.1f}}\n", s, w, c, 100 * c / w, k, k * 60000 / w
    }' >"$CC_WORK/result"
  echo "wake-ups by thread: $(echo "$per_thread" | tr '\n' ' ')" >>"$CC_WORK/result"
  exit 0
fi

if [[ -z $binary ]]; then
  for candidate in "$here/../build-bench/app/completion-checker" "$here/../build/app/completion-checker"; do
    [[ -x $candidate ]] && { binary=$candidate; break; }
  done
fi
if [[ -z $binary || ! -x $binary ]]; then
  echo "idle_cpu_desktop: no completion-checker binary (build it, or pass --binary PATH); skipped"
  exit 0
fi
for tool in xvfb-run trayer xwininfo getconf; do
  command -v "$tool" >/dev/null || { echo "idle_cpu_desktop: $tool is not installed" >&2; exit 2; }
done

work=$(mktemp -d)
chmod 700 "$work"
xvfb_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local inner_pid tries
  if [[ -n $xvfb_pid ]] && kill -0 "$xvfb_pid" 2>/dev/null; then
    # Stop the inner script (its trap stops the app and trayer); xvfb-run then stops Xvfb.
    if read -r inner_pid <"$work/inner.pid" 2>/dev/null; then kill "$inner_pid" 2>/dev/null || true; fi
    for ((tries = 0; tries < 150; tries++)); do
      if ! kill -0 "$xvfb_pid" 2>/dev/null; then break; fi
      sleep 0.1
    done
    kill "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -m 700 "$work/runtime" "$work/config" "$work/cache" "$work/data" "$work/tmp"
# Fresh settings: daily at an hour 12 h from now, so no scheduled run comes in the window.
printf '[checker]\nschedule=0 %d * * *\n' $((($(date +%-H) + 12) % 24)) >"$work/settings.ini"

# TMPDIR too: the app keeps its demo data in a temporary dir, which SIGTERM leaves behind.
env TMPDIR="$work/tmp" XDG_RUNTIME_DIR="$work/runtime" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" \
  XDG_DATA_HOME="$work/data" CC_BINARY="$(realpath "$binary")" CC_INI="$work/settings.ini" CC_WORK="$work" \
  xvfb-run -a -s "-screen 0 1280x800x24" "$BASH" "${BASH_SOURCE[0]}" --inner --seconds "$seconds" \
  --settle "$settle" &
xvfb_pid=$!
wait "$xvfb_pid"
xvfb_pid=""
echo "binary: $(realpath "$binary"); settled $settle s after start (first demo run)"
cat "$work/result"
