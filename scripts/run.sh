#!/usr/bin/env bash
# Installs what is missing, builds, and launches Fovea on its ready-to-train default.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo_root/scripts/setup.sh"
build_dir="${FOVEA_BUILD_DIR:-$repo_root/build}"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    cat >&2 <<MSG
fovea: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).
  Run the window in a virtual display:   xvfb-run -a -s "-screen 0 1600x1000x24" scripts/run.sh
  Or train headless from the terminal:   $build_dir/app/fovea-cli train --dataset /usr/share/datasets/fashion-mnist --arch small-cnn --epochs 1
MSG
    exit 1
fi
exec "$build_dir/app/fovea" "$@"
