#!/usr/bin/env bash
# Shared setup for run.sh and test.sh: installs the Debian packages Fovea needs (only when one
# is missing, so a second run costs a second), then configures and builds into build/.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${FOVEA_BUILD_DIR:-$repo_root/build}"

packages=(
    build-essential cmake ninja-build ccache pkg-config
    libtorch-dev libopencv-dev libjpeg-dev libgloo-dev zlib1g-dev
    nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev libtbb-dev
    qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libgl-dev
    libqcustomplot-dev
    python3-torchvision dataset-fashion-mnist opencv-doc
    fonts-wqy-microhei # the Simplified Chinese translation's glyphs
    clang libclang-rt-14-dev
    xvfb xauth
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "fovea setup: installing ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S "$repo_root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build_dir" --parallel "$(nproc)"
