#!/usr/bin/env bash
# bench/run.sh BUILD_DIR [quick] - the acceptance workloads of the core issue,
# with their figures: bandwidth, latency, whole-process wall time, requests/s
# and peak RSS. Prints a table and writes bench/results/latest.csv.
# Workloads are synthetic and seeded, so every run simulates the same requests.
set -euo pipefail
build=${1:-build}
scale=1
[ "${2:-}" = quick ] && scale=10
memsim="$build/memsim"
here=$(cd "$(dirname "$0")" && pwd)
out="$here/results/latest.csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "workload,requests,bandwidth_gbps,peak_gbps,pct_peak,read_lat_mean_ns,read_lat_p99_ns,wall_s,mreq_per_s,peak_rss_mb,target" > "$out.tmp"
printf '%-44s %9s %8s %7s %9s %8s %8s %8s  %s\n' workload requests GB/s "% peak" "lat ns" "wall s" "M req/s" "RSS MB" target

run() { # name target n args...
    local name=$1 target=$2 n=$(( $3 / scale )); shift 3
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$memsim" run "$@" --requests "$n" --json "$tmp/r.json" -q
    read -r wall rss < "$tmp/time"
    python3 - "$tmp/r.json" "$name" "$n" "$wall" "$rss" "$target" >> "$out.tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["total"]
name, n, wall, rss, target = sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
rate = n / wall / 1e6 if wall > 0 else 0
print(f'{name},{n},{d["bandwidth_gbps"]:.3f},{d["peak_gbps"]:.2f},{100*d["bandwidth_gbps"]/d["peak_gbps"]:.1f},'
      f'{d["read_latency_ns"]["mean"]:.1f},{d["read_latency_ns"]["p99"]:.1f},{wall:.2f},{rate:.3f},{rss/1024:.1f},{target}')
PY
    tail -n 1 "$out.tmp" | awk -F, '{printf "%-44s %9s %8s %6s%% %9s %8s %8s %8s  %s\n", $1, $2, $3, $5, $6, $8, $9, $10, $11}'
}

run "DDR4-2400 random reads (saturated)" "11.2 GB/s +-5%" 5000000 --preset DDR4-2400 --synthetic random
run "DDR4-2400 random reads 1 per 40 cycles" "mean 45-60 ns" 1000000 --preset DDR4-2400 --synthetic random --interval 40
run "DDR4-2400 stream reads" "-" 5000000 --preset DDR4-2400 --synthetic stream
run "DDR4-2400 random 2:1 read/write" "-" 5000000 --preset DDR4-2400 --synthetic random --read-ratio 0.6667
run "DDR5-4800 stream reads RoBaRaCoCh" "-" 2000000 --preset DDR5-4800 --synthetic stream
run "DDR5-4800 stream reads RoCoBaRaCh" ">= 90% of 19.2" 2000000 --preset DDR5-4800 --synthetic stream -s mapping.scheme=RoCoBaRaCh
run "DDR5-4800 stream reads RoCoBaRaCh REFsb" "-" 2000000 --preset DDR5-4800 --synthetic stream -s mapping.scheme=RoCoBaRaCh -s refresh.mode=sb
run "DDR5-4800 random reads (saturated)" "-" 5000000 --preset DDR5-4800 --synthetic random
run "DDR5-4800 random reads 1 per 80 cycles" "-" 1000000 --preset DDR5-4800 --synthetic random --interval 80
# HBM (issue 3): each 64-byte request is two 32-byte bursts, in two channels.
run "HBM3-6400 1 stack stream reads" ">= 90% of 819.2" 1000000 --preset HBM3-6400 --synthetic stream
run "HBM3-6400 1 stack stream all-bank refresh" "-" 1000000 --preset HBM3-6400 --synthetic stream -s refresh.mode=ab
run "HBM3-6400 1 stack random reads (saturated)" "-" 500000 --preset HBM3-6400 --synthetic random
run "trn2 stream reads" ">= 2600 GB/s" 2000000 --preset trn2 --synthetic stream
run "trn2 random reads (saturated)" "report" 1000000 --preset trn2 --synthetic random
run "trn3 stream reads" ">= 4400 GB/s" 2000000 --preset trn3 --synthetic stream
run "trn3 random reads (saturated)" "report" 1000000 --preset trn3 --synthetic random
run "h100 stream reads" "-" 2000000 --preset h100 --synthetic stream
run "h200 stream reads" "-" 2000000 --preset h200 --synthetic stream
for p in HBM2-2000 HBM2E-3200 HBM3-6400 HBM3E-9600; do
    run "$p random reads 1 per 400 cycles" "light-load latency" 100000 --preset "$p" --synthetic random --interval 400
done
mv "$out.tmp" "$out"
echo "written: $out"
