#!/usr/bin/env bash
# slurm-scaling.sh - wall and CPU time of a sweep (or run) in 1, 2, 4 … shards through a real
# single-node Slurm on loopback (tools/slurm-local.sh), as the README's table reports them.
#
#   bash tools/slurm-scaling.sh [sweep|run] [SCENARIO] [N...]     (root; release build first)
#
# Each N: `oslink slurm-script` → `bash submit.sh` (a job array of N one-CPU tasks and the
# merge job), wall time from submission to the end of the merge job. CPU time is the sum of
# the shards' wall times (one thread each, never more tasks than the node's CPUs) plus the
# merge's; the overhead per shard is (CPU(N) − CPU(1)) / (N − 1). Prints one Markdown row per N.
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${1:-sweep}
SCENARIO=${2:-scenarios/scale-sweep-10k.toml}
if [ $# -gt 2 ]; then shift 2; COUNTS=("$@"); else COUNTS=(1 2 4); fi
OSLINK=target/release/oslink
SL=tools/slurm-local.sh
STATE=/tmp/slurm-local-scaling
[ -x "$OSLINK" ] || { echo "build first: cargo build --release" >&2; exit 1; }
eval "$(SLURM_LOCAL_SMOKE=0 bash "$SL" start "$STATE")"
trap 'bash "$SL" stop "$STATE" >/dev/null 2>&1 || true' EXIT
now() { date +%s.%N; }
json_sum() { # sum of timings_s.total_s over the shard manifests given
    python3 - "$@" <<'PY'
import json, sys
print(sum(json.load(open(p))["timings_s"]["total_s"] for p in sys.argv[1:]))
PY
}
merged_total() { # the merged summary's timings_s.total_s (shards + merge)
    python3 - "$1" <<'PY'
import json, sys
print(json.load(open(sys.argv[1]))["timings_s"]["total_s"])
PY
}
echo "| shards | wall s | CPU s (shards + merge) | merge s | shard wall s (min–max) |"
echo "|---|---|---|---|---|"
cpu1=
for n in "${COUNTS[@]}"; do
    out=$(mktemp -d /tmp/oslink-scaling.XXXXXX)
    "$OSLINK" slurm-script "$KIND" "$SCENARIO" --shards "$n" -o "$out" > "$out.sh"
    t0=$(now)
    read -r array merge < <(bash "$out.sh")
    bash "$SL" wait "$array" 7200 > /dev/null
    bash "$SL" wait "$merge" 7200 > /dev/null
    t1=$(now)
    manifests=("$out"/shards/*/shard.json)
    shards_s=$(json_sum "${manifests[@]}")
    summary="$out/merged/sweep.json"; [ -f "$summary" ] || summary="$out/merged/summary.json"
    total_s=$(merged_total "$summary")
    range=$(python3 - "${manifests[@]}" <<'PY'
import json, sys
t = [json.load(open(p))["timings_s"]["total_s"] for p in sys.argv[1:]]
print(f"{min(t):.1f}–{max(t):.1f}")
PY
)
    awk -v n="$n" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" -v s="$shards_s" \
        -v t="$total_s" -v r="$range" \
        'BEGIN { printf "| %d | %.1f | %.1f | %.1f | %s |\n", n, w, t, t - s, r }'
    rm -rf "$out" "$out.sh"
done
