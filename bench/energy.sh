#!/usr/bin/env bash
# bench/energy.sh BUILD_DIR - energy per bit and average power (issue 6):
# one DDR5-6400 RDIMM (2 subchannels, 2 ranks of 16Gb x4), one MRDIMM-8800
# (2 subchannels) and one HBM3-6400 stack, on stream and random reads
# (400 k requests, as fast as accepted). Writes bench/results/energy.csv.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
memsim="$build/memsim"
out="$here/results/energy.csv"
mkdir -p "$here/results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "module,workload,bandwidth_gbps,average_power_w,pj_per_bit,read_pj_per_bit,act_pre_pct,rd_wr_pct,refresh_pct,background_pct,interface_pct,buffer_pct" >"$out.tmp"
one() { # label workload memsim-args...
    local label=$1 w=$2
    shift 2
    "$memsim" run "$@" --synthetic "$w" --requests 400000 --seed 1 --json "$tmp/r.json" -q
    python3 - "$label" "$w" "$tmp/r.json" >>"$out.tmp" <<'PY'
import json, sys
label, w, f = sys.argv[1:]
t = json.load(open(f))["total"]
e = t["energy"]; c = e["components_pj"]; tot = e["total_pj"]
pct = lambda *k: 100.0 * sum(c[x] for x in k) / tot
print(f"{label},{w},{t['bandwidth_gbps']:.2f},{e['average_power_w']:.3f},{e['pj_per_bit']:.2f},"
      f"{e['read_pj_per_bit']:.2f},{pct('act','pre'):.1f},{pct('read','write'):.1f},"
      f"{pct('refresh'):.1f},{pct('background','bank_open'):.1f},{pct('interface'):.1f},"
      f"{pct('buffer'):.1f}")
PY
}
for w in stream random; do
    one "RDIMM DDR5-6400 2Rx4 (1 DIMM)" $w --preset DDR5-6400 -s dram.org=16Gb_x4 -s dram.ranks=2 \
        -s dram.channels=2 -s mapping.scheme=RoBaCoBgRaCh
    one "MRDIMM-8800 (1 DIMM)" $w --preset MRDIMM-8800 -s dram.channels=2
    one "MRDIMM-8800-tall (1 DIMM)" $w --preset MRDIMM-8800-tall -s dram.channels=2
    one "HBM3-6400 (1 stack)" $w --preset HBM3-6400
done
mv "$out.tmp" "$out"
column -s, -t "$out"
echo "written: $out"
