#!/usr/bin/env bash
# Fovea's end-to-end training throughput beside the peer (../shared/bench/peer_torchvision_train.py,
# PyTorch + torchvision with its DataLoader), and both beside their compute bound (--synthetic:
# the same training step on fixed random tensors), same threads, same run, back to back.
# Targets (issue 5): Fovea ≥ 1.2× the peer, and ≥ 0.95× the compute bound (the input pipeline
# hidden). Prints a Markdown table.
#
# Usage: tests/bench/compare_training.sh [BUILD_DIR]
#   env: THREADS (default 2), WORKERS (default 2), ITERS (default 30), DATASET
#        (default /usr/share/datasets/fashion-mnist), CASES ("arch:size:batch …", default
#        "resnet18:32:128 mobilenet_v2:64:128 googlenet:64:128"), PEER_ENV (e.g.
#        "OMP_WAIT_POLICY=PASSIVE": the setting Fovea's programs choose for themselves, given to
#        the peer too for a like-for-like comparison of everything else)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
bench="$build/tests/bench/fovea-bench-train"
peer="$repo/../shared/bench/peer_torchvision_train.py"
threads="${THREADS:-2}"
workers="${WORKERS:-2}"
iters="${ITERS:-30}"
dataset="${DATASET:-/usr/share/datasets/fashion-mnist}"
cases="${CASES:-resnet18:32:128 mobilenet_v2:64:128 googlenet:64:128}"
peer_env=(env ${PEER_ENV:-})

rate() { sed -n 's/.*: \([0-9.]*\) images\/s.*/\1/p' | tail -1; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' | awk '{ printf "%.0f", $1 / 1024 }'; }

echo "threads=$threads workers=$workers iters=$iters; $(nproc) cores; peer env: ${PEER_ENV:-default}; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| case | Fovea img/s | peer img/s | ratio | Fovea synthetic | peer synthetic | Fovea / its bound | Fovea MiB | peer MiB (main process) |"
echo "|---|---|---|---|---|---|---|---|---|"
for spec in $cases; do
    IFS=: read -r arch size batch <<<"$spec"
    common=(--arch "$arch" --size "$size" --batch "$batch" --iters "$iters" --threads "$threads")
    fovea_out=$( { /usr/bin/time -v "$bench" --dataset "$dataset" "${common[@]}" --workers "$workers"; } 2>&1 )
    peer_out=$( { /usr/bin/time -v "${peer_env[@]}" /usr/bin/python3 "$peer" --root "$dataset/" "${common[@]}" --workers "$workers"; } 2>&1 )
    fovea_syn=$("$bench" "${common[@]}" --synthetic | rate)
    peer_syn=$("${peer_env[@]}" /usr/bin/python3 "$peer" "${common[@]}" --synthetic | rate)
    fovea=$(rate <<<"$fovea_out")
    peer_rate=$(rate <<<"$peer_out")
    awk -v c="$arch ${size}px b$batch" -v f="$fovea" -v p="$peer_rate" -v fs="$fovea_syn" -v ps="$peer_syn" \
        -v fm="$(rss <<<"$fovea_out")" -v pm="$(rss <<<"$peer_out")" \
        'BEGIN { printf "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %s | %s |\n", c, f, p, f / p, fs, ps, f / fs, fm, pm }'
done
