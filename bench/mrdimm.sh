#!/usr/bin/env bash
# bench/mrdimm.sh BUILD_DIR [quick] - the MRDIMM acceptance figures (issue 4):
#  1. a 12-channel socket, MRDIMM-8800 against dual-rank RDIMM DDR5-6400
#     (configs/socket-12ch-*.yaml): sustained bandwidth for STREAM-like reads
#     and a 2:1 read/write stream, and their ratio (measured on a Xeon 6980P:
#     1.413, Diaz et al., arXiv 2605.02371; target 1.35 to 1.47);
#  2. a bandwidth-latency curve for both sockets (bench/loadcurve: stream
#     reads arriving at a steady offered load), and each one's latency at
#     the RDIMM's saturation point.
# Writes bench/results/mrdimm.csv and bench/results/mrdimm-curve.csv.
set -euo pipefail
build=${1:-build}
scale=1
[ "${2:-}" = quick ] && scale=10
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
memsim="$build/memsim"
rd="$root/configs/socket-12ch-rdimm-6400.yaml"
mr="$root/configs/socket-12ch-mrdimm-8800.yaml"
n=$(( 2000000 / scale ))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bw() { # config read_ratio -> GB/s
    "$memsim" run "$1" --synthetic stream --read-ratio "$2" --requests "$n" --json "$tmp/r.json" -q
    python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["total"]["bandwidth_gbps"])' "$tmp/r.json"
}

out="$here/results/mrdimm.csv"
echo "workload,requests,rdimm6400_gbps,mrdimm8800_gbps,ratio,target" > "$out.tmp"
printf '%-28s %9s %12s %12s %7s  %s\n' workload requests "RDIMM GB/s" "MRDIMM GB/s" ratio target
for w in "stream reads=1" "stream 2:1 read/write=0.6667"; do
    name=${w%%=*} rr=${w##*=}
    a=$(bw "$rd" "$rr") b=$(bw "$mr" "$rr")
    ratio=$(python3 -c "print('%.3f' % ($b / $a))")
    echo "$name,$n,$a,$b,$ratio,1.35-1.47" >> "$out.tmp"
    printf '%-28s %9s %12s %12s %7s  %s\n' "$name" "$n" "$a" "$b" "$ratio" "1.35-1.47 (measured 1.413)"
done
mv "$out.tmp" "$out"

# Offered loads from 50 GB/s to beyond either socket's saturation; each point
# simulates about 40 us (ten refresh intervals): load x 625 requests.
loads="50 100 200 300 400 450 500 530 560 580 600 650 700 740 770 800"
curve="$here/results/mrdimm-curve.csv"
echo "module,offered_gbps,achieved_gbps,read_mean_ns,read_p50_ns,read_p90_ns,read_p99_ns" > "$curve.tmp"
for l in $loads; do
    m=$(( l * 625 / scale ))
    "$build/loadcurve" "$rd" stream 1 "$m" "$l" | tail -n +2 | sed 's/^/RDIMM-6400,/' >> "$curve.tmp"
    "$build/loadcurve" "$mr" stream 1 "$m" "$l" | tail -n +2 | sed 's/^/MRDIMM-8800,/' >> "$curve.tmp"
done
mv "$curve.tmp" "$curve"
echo
echo "bandwidth-latency curve (stream reads, load x 625 requests per point): $curve"
python3 - "$curve" "$out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("%-9s %22s %22s" % ("offered", "RDIMM-6400 got / mean", "MRDIMM-8800 got / mean"))
by = {}
for r in rows:
    by.setdefault(r["offered_gbps"], {})[r["module"]] = r
for off, d in by.items():
    a, b = d["RDIMM-6400"], d["MRDIMM-8800"]
    print("%6s GB/s %9s GB/s %6s ns %9s GB/s %6s ns" % (off, a["achieved_gbps"], a["read_mean_ns"],
          b["achieved_gbps"], b["read_mean_ns"]))
sat = float(next(r for r in csv.DictReader(open(sys.argv[2])))["rdimm6400_gbps"])
near = min(by, key=lambda o: abs(float(o) - 0.95 * sat))
a, b = by[near]["RDIMM-6400"], by[near]["MRDIMM-8800"]
print("at %s GB/s offered (95 %% of the RDIMM's sustained %.0f GB/s): RDIMM mean %s ns, "
      "MRDIMM mean %s ns (%.0f %% lower)" % (near, sat, a["read_mean_ns"], b["read_mean_ns"],
      100 * (1 - float(b["read_mean_ns"]) / float(a["read_mean_ns"]))))
PY
