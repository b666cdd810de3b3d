#!/bin/sh
# Validates packaging/: the .desktop file and the AppStream metainfo.
set -eu
dir=$1
command -v desktop-file-validate >/dev/null 2>&1 || { echo "SKIP: desktop-file-validate not installed"; exit 77; }
command -v appstreamcli >/dev/null 2>&1 || { echo "SKIP: appstreamcli not installed"; exit 77; }
desktop-file-validate "$dir/completion-checker.desktop"
appstreamcli validate --no-net "$dir"/*.metainfo.xml
echo "packaging files are valid"
