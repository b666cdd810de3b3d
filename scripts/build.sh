#!/usr/bin/env bash
# Configures and builds the project into build/ (or $BUILD_DIR). Extra args go to CMake configure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$here/build}"
# Relative paths in ccache keys: a fresh clone elsewhere reuses objects compiled here.
export CCACHE_BASEDIR="$here"
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCC_WERROR="$werror" "$@" >/dev/null
cmake --build "$build" -j2
