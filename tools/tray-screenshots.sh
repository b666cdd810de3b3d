#!/bin/sh
# The tray screenshots in docs/: a real X11 session (Xvfb) with a real system tray (trayer).
#   tools/tray-screenshots.sh [build-dir] [out-dir]
set -eu
build=${1:-build}
out=${2:-docs}
exec xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
    trayer --edge top --align right --widthtype pixel --width 160 --height 30 --tint 0x2b2b2b \
        --transparent true --alpha 0 >/dev/null 2>&1 &
    tray=$!
    QT_QPA_PLATFORM=xcb "$1/tools/take-tray-screenshots" "$2"
    rc=$?
    kill $tray 2>/dev/null
    exit $rc
' tray-screenshots "$build" "$out"
