#!/bin/bash
# docs/no-tray-notification.png: the app in a session with no system tray (like GNOME without an
# indicator extension) but with a notification server (dunst), on a private D-Bus under Xvfb.
# The first demo run's notification goes to the freedesktop service. Needs dunst (apt-get install dunst).
#   tools/no-tray-screenshot.sh [build-dir] [out.png]
set -euo pipefail
build=$(realpath "${1:-build}")
out=$(realpath "${2:-docs/no-tray-notification.png}")
command -v dunst >/dev/null || { echo "dunst is not installed (apt-get install dunst)" >&2; exit 1; }
export CC_BUILD="$build" CC_OUT="$out"
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -eu
    export XDG_RUNTIME_DIR=$(mktemp -d)
    tmp=$(mktemp -d)
    dunst >/dev/null 2>&1 &
    notifier=$!
    "$CC_BUILD/app/completion-checker" --sandbox --config "$tmp/cc.ini" >/dev/null 2>&1 &
    app=$!
    sleep 4 # the demo run takes well under a second; dunst shows its message for 10 s
    import -window root -crop 1280x200+0+0 "$CC_OUT"
    kill $app $notifier
    wait || true
    rm -rf "$tmp" "$XDG_RUNTIME_DIR"
'
