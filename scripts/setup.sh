#!/usr/bin/env bash
# Installs every Debian package the project needs to build, test and run.
# Idempotent: on a machine that already has them it only checks and stays quiet.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format ccache
  clang libclang-rt-14-dev # scripts/fuzz.sh: libFuzzer, ASan and UBSan come with clang's runtime
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-httpserver-dev qt6-websockets-dev
  qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6opengl6-dev libgl-dev qtkeychain-qt6-dev
  xvfb xauth dbus-x11 dbus-user-session dbus-daemon x11-apps imagemagick trayer
  desktop-file-utils appstream
  python3 python3-jsonschema python3-gi
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
