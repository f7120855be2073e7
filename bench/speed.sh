#!/usr/bin/env bash
# bench/speed.sh BUILD_DIR [quick|big] - whole-process speed on trace files,
# the same set-up the established simulators were measured with (issue 5):
# DDR4-2400 and DDR5-4800, one channel and rank, 5 M random reads, 5 M stream
# reads, 5 M random 2:1 read/write (as fast as accepted), 1 M random reads at
# one per 40 (DDR4) / 80 (DDR5) memory cycles; then 1 M random and 1 M stream
# reads on HBM3-6400 (one stack), the trn2 chip preset and MRDIMM-8800.
# Traces are generated with `memsim gen` (seeded) into bench/work/. Reports
# wall time, requests/s, simulated clocks/s, peak RSS, and the ratio to
# parse_floor (reading and parsing the trace only). `big` adds a 50 M-request
# trace for the memory bound. Wall is the best of REPEAT runs (default 3).
# Writes bench/results/speed.csv. Nothing here is timed by CI.
set -euo pipefail
build=${1:-build}
mode=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
work="$here/work"
mkdir -p "$work" "$here/results"
memsim="$build/memsim"
floor="$build/parse_floor"
scale=1
REPEAT=${REPEAT:-3}
[ "$mode" = quick ] && scale=10 REPEAT=1
out="$here/results/speed.csv"

gen() { # file args...
    local f="$work/$1"; shift
    [ -s "$f" ] || "$memsim" gen "$@" --seed 1 --footprint 8589934592 --out "$f"
}
n5=$((5000000 / scale)); n1=$((1000000 / scale)); n50=50000000
gen "random-$n5.trc" --synthetic random --requests $n5
gen "stream-$n5.trc" --synthetic stream --requests $n5
gen "mix-$n5.trc" --synthetic random --read-ratio 0.6667 --requests $n5
gen "random40-$n1.trc" --synthetic random --requests $n1 --interval 40
gen "random80-$n1.trc" --synthetic random --requests $n1 --interval 80
gen "random-$n1.trc" --synthetic random --requests $n1
gen "stream-$n1.trc" --synthetic stream --requests $n1
[ "$mode" = big ] && gen "stream-$n50.trc" --synthetic stream --requests $n50

echo "preset,workload,requests,wall_s,mreq_per_s,msim_clk_per_s,peak_rss_mb,floor_s,x_floor,target_mreq_per_s" > "$out.tmp"
printf '%-11s %-22s %9s %8s %8s %10s %7s %8s %7s %8s\n' preset workload requests "wall s" "M req/s" "M clk/s" "RSS MB" "floor s" "x floor" target
one() { # preset workload file target
    local preset=$1 name=$2 file="$work/$3" target=$4 tmp
    tmp=$(mktemp)
    # wall from the nanosecond clock (time's %e has 0.01 s steps: +-2 % on
    # a 0.2 s run), the best of $REPEAT runs (a shared machine only ever
    # adds time); peak RSS from time's %M, the largest
    local t0 t1 k w r
    wall=1e9 rss=0
    for ((k = 0; k < REPEAT; k++)); do
        t0=$(date +%s%N)
        /usr/bin/time -f "%M" -o "$tmp.time" "$memsim" run --preset "$preset" --trace "$file" --json "$tmp.json" -q
        t1=$(date +%s%N)
        read -r r < "$tmp.time"
        w=$(python3 -c "print(($t1 - $t0) / 1e9)")
        wall=$(python3 -c "print(min($wall, $w))")
        [ "$r" -gt "$rss" ] && rss=$r
    done
    read -r reqs fs _ < <("$floor" "$file")
    cycles=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['total']['cycles'])" "$tmp.json")
    rm -f "$tmp" "$tmp.time" "$tmp.json"
    python3 - "$preset" "$name" "$reqs" "$wall" "$rss" "$fs" "$cycles" "$target" >> "$out.tmp" <<'PY'
import sys
p, n, r, w, rss, fs, cyc, t = sys.argv[1:]
r, w, rss, fs, cyc = int(r), max(float(w), 0.01), int(rss), max(float(fs), 0.001), int(cyc)
print(f"{p},{n},{r},{w:.3f},{r/w/1e6:.3f},{cyc/w/1e6:.1f},{rss/1024:.1f},{fs:.3f},{w/fs:.1f},{t}")
PY
    tail -n 1 "$out.tmp" | awk -F, '{printf "%-11s %-22s %9s %8s %8s %10s %7s %8s %7s %8s\n",$1,$2,$3,$4,$5,$6,$7,$8,$9,$10}'
}
one DDR4-2400 random "random-$n5.trc" 1.7
one DDR4-2400 stream "stream-$n5.trc" 7.3
one DDR4-2400 "random 2:1 r/w" "mix-$n5.trc" 1.7
one DDR4-2400 "random 1/40 cycles" "random40-$n1.trc" 4.3
one DDR5-4800 random "random-$n5.trc" 1.0
one DDR5-4800 stream "stream-$n5.trc" -
one DDR5-4800 "random 2:1 r/w" "mix-$n5.trc" -
one DDR5-4800 "random 1/80 cycles" "random80-$n1.trc" -
# HBM3 (one stack: 16 channels, 32-byte bursts, two per request), the trn2
# chip preset (four HBM3 stacks) and MRDIMM-8800 (DDR5 multiplexed ranks):
# issue 5 names no targets for these.
one HBM3-6400 "random (1 stack)" "random-$n1.trc" -
one HBM3-6400 "stream (1 stack)" "stream-$n1.trc" -
one trn2 random "random-$n1.trc" -
one trn2 stream "stream-$n1.trc" -
one MRDIMM-8800 random "random-$n1.trc" -
one MRDIMM-8800 stream "stream-$n1.trc" -
[ "$mode" = big ] && one DDR4-2400 "stream 50M" "stream-$n50.trc" 7.3
mv "$out.tmp" "$out"
echo "written: $out (targets: issue 5, 10x the best of DRAMsim3, Ramulator 2, DRAMSys)"
