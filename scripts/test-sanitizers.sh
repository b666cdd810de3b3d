#!/usr/bin/env bash
# Builds the tests with AddressSanitizer + UndefinedBehaviorSanitizer (CMake preset "asan": Debug,
# CC_SANITIZE=ON, into build-asan/ or $ASAN_BUILD_DIR) and runs them under ctest. A leak, an ASan
# report or a UBSan report fails the test. Third-party leaks (Qt, fontconfig, D-Bus internals) are
# suppressed in tests/sanitizers/lsan.supp, each with its reason.
#
#   scripts/test-sanitizers.sh                      # the whole suite (slow: builds everything)
#   CC_SANITIZE_LABELS='unit|store' scripts/test-sanitizers.sh
#                                                   # only tests with those ctest labels, and only
#                                                   # the targets those tests need
#   CC_SANITIZE_EXCLUDE='gui|x11'                   # ctest -LE regex (default: none)
#   CC_SANITIZE_JOBS=1                              # build jobs (default 1: the CI machine has 2 cores)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ASAN_BUILD_DIR:-$here/build-asan}"
labels="${CC_SANITIZE_LABELS:-}"
exclude="${CC_SANITIZE_EXCLUDE:-}"
jobs="${CC_SANITIZE_JOBS:-1}"
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
# Relative paths in ccache keys: a fresh clone elsewhere reuses objects compiled here.
export CCACHE_BASEDIR="$here"

# Without GUI tests in the selection, the widgets are not built at all (a third of the build).
gui=ON
case "$exclude" in *gui*) gui=OFF ;; esac
(cd "$here" && cmake --preset asan -B "$build" -DCC_WERROR="$werror" -DCC_BUILD_GUI="$gui" >/dev/null)

select=()
[ -n "$labels" ] && select+=(-L "$labels")
[ -n "$exclude" ] && select+=(-LE "$exclude")

if [ ${#select[@]} -eq 0 ]; then
  cmake --build "$build" -j"$jobs"
else
  # The executables the selected tests run: a test named like a target (cc_add_qtest), or a command part
  # that is a target's file (ctest lists commands only once the executables exist, so a fresh build
  # directory has names only).
  mapfile -t targets < <(cd "$build" && ctest "${select[@]}" --show-only=json-v1 | python3 -c '
import json, os, sys, subprocess
build = sys.argv[1]
known = set()
for line in subprocess.run(["ninja", "-C", build, "-t", "targets", "all"], capture_output=True,
                           text=True, check=True).stdout.splitlines():
    name = line.split(":")[0]
    if "/" not in name:
        known.add(name)
wanted = set()
for test in json.load(sys.stdin).get("tests", []):
    if test.get("name") in known:
        wanted.add(test["name"])
    for part in test.get("command") or []:
        base = os.path.basename(part)
        if base in known:
            wanted.add(base)
if not wanted:
    sys.exit("test-sanitizers: the selection names no test target")
print("\n".join(sorted(wanted)))
' "$build")
  if [ ${#targets[@]} -gt 0 ]; then
    cmake --build "$build" -j"$jobs" --target "${targets[@]}"
  fi
fi

export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$here/tests/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
cd "$build"
ctest "${select[@]}" -j2 --timeout 600 --output-on-failure
