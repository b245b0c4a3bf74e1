#!/usr/bin/env bash
# Fovea's batch loader against torchvision's ImageFolder + DataLoader (the peer,
# ../shared/bench/peer_torchvision_pipeline.py) on the same folder of JPEG photographs, with the
# same worker count, batch 64, 224 px random-resized crop + flip, then with colour jitter too.
# Each pair runs back to back, so both see the same machine load; the load average is printed.
# Prints a Markdown table: images/s, the ratio Fovea / torchvision (> 1: Fovea is faster) and
# peak memory.
#
# Memory: "max RSS" is /usr/bin/time's figure: Fovea is one process, so it is the whole cost;
# for the peer it is the largest single process (the main one or a worker), an undercount.
# "Σ PSS" is sampled every 0.2 s over the process and all its descendants (the peer's
# DataLoader workers are forked processes): proportional set size shares the pages they have in
# common (libtorch, Python) out fairly, so it adds up where a sum of RSS would count them once
# per process. Both programs are measured the same way.
#
# The dataset (2000 JPEGs, longer side 400-500 px, made from opencv-doc's sample photos) is
# created once in ${XDG_CACHE_HOME:-~/.cache}/fovea-bench/photos.
#
# Usage: tests/bench/compare_loader.sh [BUILD_DIR]
#   env: WORKERS (default: nproc), BATCHES (timed batches, default 20), REPEATS (runs of each
#        pair, default 3; the table gives each program's median, its range in brackets)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
bench="$build/tests/bench/fovea-bench-loader"
shared="$repo/../shared/bench"
workers="${WORKERS:-$(nproc)}"
batches="${BATCHES:-20}"
repeats="${REPEATS:-3}"
python=/usr/bin/python3

if [ ! -x "$bench" ]; then
    echo "compare_loader.sh: $bench not found (cmake --build $build --target fovea-bench-loader)" >&2
    exit 1
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/fovea-bench/photos"
if [ ! -f "$cache/.complete" ]; then
    rm -rf "$cache"
    mkdir -p "$cache"
    "$python" "$shared/make_photo_dataset.py" "$cache" >&2
    touch "$cache/.complete" # a run cut short is made again, never half used
fi
data="$cache/train"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The process $1 and all its descendants.
tree() {
    local pid
    for pid in "$@"; do
        echo "$pid"
        local children
        children=$(cat /proc/"$pid"/task/*/children 2>/dev/null || true)
        [ -n "$children" ] && tree $children
    done
}

# measure NAME COMMAND...: runs the command under /usr/bin/time -v, sampling the summed PSS of its
# process tree; leaves the output in $work/NAME.out, the peak Σ PSS (KiB) in $work/NAME.pss.
measure() {
    local name=$1
    shift
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 &
    local pid=$! peak=0
    while kill -0 "$pid" 2>/dev/null; do
        local total=0 p value
        for p in $(tree "$pid"); do
            value=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || true)
            total=$((total + ${value:-0}))
        done
        [ "$total" -gt "$peak" ] && peak=$total
        sleep 0.2
    done
    if ! wait "$pid"; then
        echo "compare_loader.sh: $name failed:" >&2
        cat "$work/$name.out" >&2
        exit 1
    fi
    echo "$peak" >"$work/$name.pss"
}

rate() { sed -n 's/.*: \([0-9.]*\) images\/s.*/\1/p' "$work/$1.out" | tail -1; }
maxrss() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/$1.time"; }
pss() { awk '{printf "%.0f", $1 / 1024}' "$work/$1.pss"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { if (NR > 1) printf " (%s–%s)", lo, hi }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "workers=$workers batch=64 size=224 timed batches=$batches repeats=$repeats; $(nproc) cores"
echo "data: $data ($(find "$data" -type f | wc -l) JPEGs)"
echo
echo "| pipeline | Fovea img/s | torchvision img/s | ratio | Fovea max RSS MiB | Fovea Σ PSS MiB | torchvision max RSS MiB (largest process) | torchvision Σ PSS MiB (all processes) | load average before → after |"
echo "|---|---|---|---|---|---|---|---|---|"
for jitter in "" "--jitter"; do
    label="crop+flip"
    [ -n "$jitter" ] && label="crop+flip+jitter"
    fovea_rates=() peer_rates=() memory=(0 0 0 0)
    before=$(load)
    for ((r = 0; r < repeats; r++)); do
        measure fovea "$bench" "$data" --workers "$workers" --batches "$batches" $jitter
        fovea_rates+=("$(rate fovea)")
        measure peer "$python" "$shared/peer_torchvision_pipeline.py" "$data" \
            --workers "$workers" --batches "$batches" $jitter
        peer_rates+=("$(rate peer)")
        # The highest of the repeats, per column.
        current=("$(maxrss fovea)" "$(pss fovea)" "$(maxrss peer)" "$(pss peer)")
        for i in 0 1 2 3; do
            [ "${current[i]}" -gt "${memory[i]}" ] && memory[i]=${current[i]}
        done
    done
    after=$(load)
    fovea=$(median "${fovea_rates[@]}")
    peer=$(median "${peer_rates[@]}")
    ratio=$(awk -v f="$fovea" -v p="$peer" 'BEGIN { printf "%.2f", f / p }')
    echo "| $label | $fovea$(range "${fovea_rates[@]}") | $peer$(range "${peer_rates[@]}") | $ratio | ${memory[0]} | ${memory[1]} | ${memory[2]} | ${memory[3]} | $before → $after |"
done
