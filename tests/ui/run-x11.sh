#!/bin/sh
# Runs a test program in a real X11 session under Xvfb: "no-tray" (a desktop with no system tray,
# like GNOME without an indicator extension) or "with-tray" (trayer holds the tray selection).
# Exit 77 (skipped) when xvfb-run or trayer is not installed; scripts/setup.sh installs both.
mode=$1
shift
command -v xvfb-run >/dev/null 2>&1 || { echo "SKIP: xvfb-run is not installed"; exit 77; }
if [ "$mode" = with-tray ] && ! command -v trayer >/dev/null 2>&1; then
    echo "SKIP: trayer is not installed (no system tray to test against)"
    exit 77
fi
export CC_TRAY_MODE="$mode"
exec xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
    export QT_QPA_PLATFORM=xcb
    if [ "$CC_TRAY_MODE" = with-tray ]; then
        trayer --edge top --align right --widthtype pixel --width 120 --height 28 >/dev/null 2>&1 &
        tray=$!
        CC_EXPECT_TRAY=1 "$@"
        rc=$?
        kill $tray 2>/dev/null
        exit $rc
    fi
    CC_EXPECT_TRAY=0 exec "$@"
' run-x11 "$@"
