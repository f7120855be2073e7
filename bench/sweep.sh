#!/usr/bin/env bash
# bench/sweep.sh BUILD_DIR - sweep acceptance figures (issue 9):
#  1. configs/sweeps/load-4x25.yaml (DDR4-3200, DDR5-6400, MRDIMM-8800, HBM3-6400
#     x 25 offered loads, 200 k random reads each) with --jobs 1 and --jobs 2:
#     wall time, speed-up, and that the two tables are identical;
#  2. bandwidth-latency curves of the 12-channel RDIMM-6400 and MRDIMM-8800
#     sockets and one HBM3-6400 stack in one picture (random reads, 25 loads).
#  3. when Debian's slurm-wlm and munge are installed (tests/cli_slurm.sh installs
#     them) and we are root: the same 100 points as a job array of 2 tasks on a
#     private single-node Slurm (tests/lib/slurm-cluster.sh), and whether its
#     table is identical to the local one.
# Writes bench/results/sweep.csv, curves.csv and curves.png.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
memsim="$(cd "$build" && pwd)/memsim"
mkdir -p "$here/results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
spec="$root/configs/sweeps/load-4x25.yaml"
wall() { # wall JOBS: seconds for a fresh sweep with JOBS workers
    local t0 t1
    t0=$(date +%s.%N)
    "$memsim" sweep "$spec" --out "$tmp/j$1" --jobs "$1" --quiet
    t1=$(date +%s.%N)
    python3 -c "print(f'{$t1 - $t0:.1f}')"
}
w1=$(wall 1)
w2=$(wall 2)
same=no
cmp -s "$tmp/j1/results.csv" "$tmp/j2/results.csv" && cmp -s "$tmp/j1/results.jsonl" "$tmp/j2/results.jsonl" && same=yes
points=$(($(wc -l <"$tmp/j1/results.csv") - 1))
ws=-
same_slurm=-
if [[ $(id -u) == 0 ]] && dpkg -s slurm-wlm munge >/dev/null 2>&1; then
    # shellcheck source=../tests/lib/slurm-cluster.sh
    source "$root/tests/lib/slurm-cluster.sh"
    trap 'slurm_down; rm -rf "$tmp"' EXIT
    slurm_up "$tmp/cl" >/dev/null
    t0=$(date +%s.%N)
    "$memsim" sweep "$spec" --out "$tmp/slurm" --slurm --submit --tasks 2 --poll 1 --quiet
    t1=$(date +%s.%N)
    ws=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
    same_slurm=no
    cmp -s "$tmp/j1/results.csv" "$tmp/slurm/results.csv" && cmp -s "$tmp/j1/results.jsonl" "$tmp/slurm/results.jsonl" && same_slurm=yes
    slurm_down
fi
{
    echo "sweep,points,requests_per_point,wall_jobs1_s,wall_jobs2_s,speedup,identical_tables,wall_slurm_2tasks_s,slurm_table_identical"
    echo "load-4x25,$points,200000,$w1,$w2,$(python3 -c "print(f'{$w1 / $w2:.2f}')"),$same,$ws,$same_slurm"
} >"$here/results/sweep.csv"
column -s, -t "$here/results/sweep.csv"
# Per memory: the highest achieved bandwidth and the mean latency at 50 % and 90 % of peak offered.
python3 - "$tmp/j2/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'preset':12} {'peak GB/s':>9} {'max GB/s':>9} {'% peak':>6} {'lat@0.5 ns':>10} {'lat@0.9 ns':>10}")
for p in dict.fromkeys(r["preset"] for r in rows):
    line = [r for r in rows if r["preset"] == p]
    peak = float(line[0]["peak_gbps"])
    best = max(float(r["bandwidth_gbps"]) for r in line)
    at = lambda l: min(line, key=lambda r: abs(float(r["load"]) - l))["read_latency_ns.mean"]
    print(f"{p:12} {peak:9.1f} {best:9.1f} {100 * best / peak:6.1f} {float(at(0.5)):10.1f} {float(at(0.9)):10.1f}")
PY
"$memsim" curve "$root/configs/socket-12ch-rdimm-6400.yaml" "$root/configs/socket-12ch-mrdimm-8800.yaml" \
    --preset HBM3-6400 --requests 200000 --points 25 --from 0.04 --to 1.2 \
    --out "$here/results/curves.csv" --plot "$here/results/curves.png" \
    --title "Random reads: 12-channel sockets (RDIMM-6400, MRDIMM-8800) and one HBM3-6400 stack"
