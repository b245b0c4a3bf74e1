#!/usr/bin/env bash
# Data-parallel training on this machine: 1 rank with all the cores against 2 ranks with half
# each (c10d/Gloo over loopback), synthetic data, the same per-rank batch. For each: the run's
# throughput, the step time with gradients averaged and without (the difference is the
# communication a step pays after overlap with the backward pass), and one all-reduce of the
# whole gradient alone. Beside Fovea, Python's DistributedDataParallel on the same settings
# (peer_ddp.py), so the ratio compares the two data-parallel engines. Prints a Markdown table.
#
# Usage: tests/bench/compare_distributed.sh [BUILD_DIR]
#   env: CASES ("arch:size:batch …", default "resnet18:32:64 mobilenet_v2:64:32"),
#        STEPS (default 20), CORES (default: nproc)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
bench="$build/tests/bench/fovea-bench-distributed"
peer_script="$here/peer_ddp.py"
cases="${CASES:-resnet18:32:64 mobilenet_v2:64:32}"
steps="${STEPS:-20}"
cores="${CORES:-$(nproc)}"
port=$((29700 + RANDOM % 200))

# run RANKS THREADS COMMAND…: the command as RANKS processes joined on loopback; rank 0's output.
run() {
    local ranks=$1 threads=$2
    shift 2
    if [ "$ranks" -eq 1 ]; then
        env -u RANK -u WORLD_SIZE "$@" --threads "$threads"
        return
    fi
    port=$((port + 1))
    local pids=() out
    out=$(mktemp)
    for ((r = 1; r < ranks; r++)); do
        RANK=$r LOCAL_RANK=$r WORLD_SIZE=$ranks MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
            "$@" --threads "$threads" >/dev/null &
        pids+=($!)
    done
    RANK=0 LOCAL_RANK=0 WORLD_SIZE=$ranks MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
        "$@" --threads "$threads" >"$out"
    wait "${pids[@]}"
    cat "$out"
    rm -f "$out"
}

field() { sed -n "s|.*$1.*|\\1|p" | tail -1; }

echo "$cores cores; steps=$steps; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| case | ranks × threads | Fovea img/s | DDP img/s | ratio | Fovea step shared / alone ms | Fovea communication ms/step | DDP communication ms/step | all-reduce alone ms |"
echo "|---|---|---|---|---|---|---|---|---|"
for spec in $cases; do
    IFS=: read -r arch size batch <<<"$spec"
    for ranks in 1 2; do
        threads=$((cores / ranks))
        common=(--arch "$arch" --size "$size" --batch "$batch" --steps "$steps")
        fovea=$(run "$ranks" "$threads" "$bench" "${common[@]}")
        peer=$(run "$ranks" "$threads" /usr/bin/python3 "$peer_script" "${common[@]}")
        f_rate=$(field ': \([0-9.]*\) images/s' <<<"$fovea")
        p_rate=$(field ': \([0-9.]*\) images/s' <<<"$peer")
        f_shared=$(field 'step \([0-9.]*\) ms shared' <<<"$fovea")
        f_alone=$(field 'shared, \([0-9.]*\) ms alone' <<<"$fovea")
        f_comm=$(field 'communication \([0-9.-]* ms\/step ([0-9-]* %)\)' <<<"$fovea")
        p_comm=$(field 'communication \([0-9.-]* ms\/step ([0-9-]* %)\)' <<<"$peer")
        reduce=$(field 'MB alone \([0-9.]*\) ms' <<<"$fovea")
        ratio=$(awk -v a="$f_rate" -v b="$p_rate" 'BEGIN { printf "%.2f", a / b }')
        echo "| $arch ${size}px batch $batch/rank | $ranks × $threads | $f_rate | $p_rate | **$ratio×** | $f_shared / $f_alone | ${f_comm:--} | ${p_comm:--} | ${reduce:--} |"
    done
done
