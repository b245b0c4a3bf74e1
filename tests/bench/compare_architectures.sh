#!/usr/bin/env bash
# Fovea vs torchvision, same machine, same run, same threads: eval at batch 1 and 32 and a
# training step at batch 32, at each architecture's default input size. Prints a Markdown table
# with the ratio Fovea / torchvision (> 1 means Fovea is faster).
#
# Usage: tests/bench/compare_architectures.sh [BUILD_DIR] [ARCH ...]
#   env: THREADS (default: all cores), ITERS (default 3), WARMUP (default 1),
#        TRAIN_BATCH (default 32), LAYOUT (Fovea's --layout: auto (default), contiguous,
#        channels-last)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../../build}"; shift || true
bench="$build/tests/bench/fovea-bench-architecture"
threads="${THREADS:-$(nproc)}"
iters="${ITERS:-3}"
warmup="${WARMUP:-1}"
train_batch="${TRAIN_BATCH:-32}"
layout="${LAYOUT:-auto}"
archs=("$@")
# Every architecture torchvision also has (it has no small CNN and no ResNet-9).
if [ ${#archs[@]} -eq 0 ]; then
    mapfile -t archs < <("$build/app/fovea-cli" models | awk 'NR > 1 && $1 != "small-cnn" && $1 !~ /^resnet9/ {print $1}')
fi

rate() { sed -n 's/.*: \([0-9.]*\) images\/s/\1/p'; }
# The input size is the number before "px" (family names may contain spaces).
size_of() {
    "$build/app/fovea-cli" models |
        awk -v a="$1" '$1 == a { for (i = 2; i < NF; i++) if ($(i + 1) == "px") print $i }'
}

echo "threads=$threads iters=$iters warmup=$warmup train batch=$train_batch layout=$layout"
echo "| architecture | input | mode | batch | Fovea img/s | torchvision img/s | ratio |"
echo "|---|---|---|---|---|---|---|"
for arch in "${archs[@]}"; do
    size=$(size_of "$arch")
    for run in "eval 1" "eval 32" "train $train_batch"; do
        set -- $run
        fovea=$("$bench" --arch "$arch" --mode "$1" --batch "$2" --size "$size" --iters "$iters" --warmup "$warmup" --threads "$threads" --layout "$layout" | rate)
        if /usr/bin/python3 -c "import torchvision, sys; sys.exit(0 if hasattr(torchvision.models, '$arch') else 1)" 2>/dev/null; then
            peer=$(/usr/bin/python3 "$here/peer_architectures.py" --arch "$arch" --mode "$1" --batch "$2" --size "$size" --iters "$iters" --warmup "$warmup" --threads "$threads" | rate)
            ratio=$(awk -v f="$fovea" -v p="$peer" 'BEGIN { printf "%.2f", f / p }')
        else
            peer="(no peer)"; ratio="-"
        fi
        echo "| $arch | $size | $1 | $2 | $fovea | $peer | $ratio |"
    done
done
