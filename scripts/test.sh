#!/usr/bin/env bash
# Installs what is missing, builds, then runs the whole CTest suite with the offscreen Qt platform.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo_root/scripts/setup.sh"
build_dir="${FOVEA_BUILD_DIR:-$repo_root/build}"
export QT_QPA_PLATFORM=offscreen
cd "$build_dir"
ctest --output-on-failure --timeout 1500 --parallel "$(nproc)" "$@"
