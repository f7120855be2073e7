#!/usr/bin/env bash
# bench/llm.sh BUILD_DIR - LLM decode acceptance figures (issue 7): Llama 3
# 70B (bf16, tensor parallel over 2 chips) at batch 1 and 16, 4096 cached
# tokens, on trn2 (HBM3) and trn3 (HBM3E), and Llama 3 8B at batch 1 on both
# chips and on the two 12-channel Xeon 6 sockets (RDIMM-6400, MRDIMM-8800).
# Per run: tokens/s, its ratio to the memory roofline, the simulated share
# and the wall time. Writes bench/results/llm.csv.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
memsim="$build/memsim"
out="$here/results/llm.csv"
mkdir -p "$here/results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "chip,model,tp,batch,ctx,time_per_token_ms,tokens_per_s,hbm_bandwidth_gbps,peak_gbps,read_latency_ns,roofline_ratio,energy_per_token_j,simulated_fraction,operators_extrapolated,wall_s" >"$out.tmp"
one() { # chip model tp batch
    "$memsim" llm --chip "$1" --model "$2" --tp "$3" --batch "$4" --ctx 4096 --json "$tmp/r.json" --quiet
    python3 - "$1" "$2" "$3" "$4" "$tmp/r.json" >>"$out.tmp" <<'PY'
import json, sys
chip, model, tp, batch, f = sys.argv[1:]
r = json.load(open(f))["result"]
print(f"{chip},{model},{tp},{batch},4096,{r['time_per_token_ms']:.3f},{r['tokens_per_s']:.1f},"
      f"{r['hbm_bandwidth_gbps']:.1f},{r['peak_gbps']:.1f},{r['read_latency_ns']:.1f},"
      f"{r['roofline_ratio']:.3f},{r['energy_per_token_j']:.3f},{r['simulated_fraction']:.4f},"
      f"{r['operators_extrapolated']:.0f},{r['wall_s']:.1f}")
PY
}
for chip in trn2 trn3; do
    for b in 1 16; do one $chip llama3-70b 2 $b; done
done
for chip in trn2 trn3 xeon6-rdimm-6400 xeon6-mrdimm-8800; do one $chip llama3-8b 1 1; done
mv "$out.tmp" "$out"
column -s, -t "$out"
echo "written: $out"
