#!/usr/bin/env bash
# Drag-and-drop classification beside torchvision: one photo (decode + preprocess + forward,
# median latency) and a folder of 1 000 JPEG photos (images per second, one at a time as the
# Classify page takes them), for ResNet-50 and MobileNetV2 at 224 px, same threads, same run.
# Target (issue 7): Fovea's latency no higher than the peer's, its throughput no lower.
# The photos are make_photo_dataset.py's (400-500 px JPEGs), cached as compare_loader.sh does.
#
# Usage: tests/bench/compare_classify.sh [BUILD_DIR]
#   env: ARCHS (default "resnet50 mobilenet_v2"), THREADS (default: all cores), LIMIT (1000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
bench="$build/tests/bench/fovea-bench-classify"
shared="$repo/../shared/bench"
archs="${ARCHS:-resnet50 mobilenet_v2}"
threads="${THREADS:-$(nproc)}"
limit="${LIMIT:-1000}"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/fovea-bench/photos"
if [ ! -f "$cache/.complete" ]; then
    rm -rf "$cache"
    mkdir -p "$cache"
    /usr/bin/python3 "$shared/make_photo_dataset.py" "$cache" >&2
    touch "$cache/.complete"
fi
photo=$(find "$cache" -name '*.jpg' | sort | head -1 || true) # head ends the pipe early

value() { sed -n "s|.*$1.*|\\1|p" | tail -1; }

echo "threads=$threads; $(nproc) cores; one photo: $(basename "$photo"); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| model | Fovea one image ms | peer ms | latency ratio (peer / Fovea) | Fovea folder img/s | peer img/s | throughput ratio |"
echo "|---|---|---|---|---|---|---|"
for arch in $archs; do
    args=(--arch "$arch" --image "$photo" --folder "$cache" --limit "$limit" --threads "$threads")
    fovea=$("$bench" "${args[@]}")
    peer=$(/usr/bin/python3 "$here/peer_classify.py" "${args[@]}")
    f_ms=$(value 'one image: \([0-9.]*\) ms' <<<"$fovea")
    p_ms=$(value 'one image: \([0-9.]*\) ms' <<<"$peer")
    f_rate=$(value ', \([0-9.]*\) images/s' <<<"$fovea")
    p_rate=$(value ', \([0-9.]*\) images/s' <<<"$peer")
    echo "| $arch | $f_ms | $p_ms | **$(awk -v a="$p_ms" -v b="$f_ms" 'BEGIN { printf "%.2f", a / b }')×** | $f_rate | $p_rate | **$(awk -v a="$f_rate" -v b="$p_rate" 'BEGIN { printf "%.2f", a / b }')×** |"
done
