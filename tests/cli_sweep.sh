#!/usr/bin/env bash
# cli_sweep.sh - memsim sweep and memsim curve: the table, that a point is exactly
# `memsim run` with the plan's arguments, --jobs 1 and 2 agree, resuming skips
# what is done (and redoes what changed), an interrupted sweep resumes to the
# same table, failed points are reported without stopping the others, zip and
# ranges, the Slurm job-array script run task by task, and bad sweep files.
#
#   bash tests/cli_sweep.sh <path-to-memsim> <source-dir>      (ctest runs it)
#
# The real Slurm cluster is in cli_slurm.sh. Runs are a few thousand requests.
set -u

NAME=cli_sweep
# shellcheck source=lib/cli-setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli-setup.sh" "$@"

# expect_rc RC CMD...: exit status RC; stdout/stderr in out.txt/err.txt.
expect_rc() {
    local want=$1 rc
    shift
    cases=$((cases + 1))
    "$MEMSIM" "$@" >out.txt 2>err.txt
    rc=$?
    [[ $rc -eq $want ]] || fail "memsim $*: exit status $rc, expected $want; stderr: $(head -c 600 err.txt)"
}

# py EXPR-SCRIPT: runs python3 on stdin; failure is a test failure.
py() {
    cases=$((cases + 1))
    python3 - "$@" || fail "python check failed: $*"
}

cat >s.yaml <<'EOF'
# two standards at three offered loads
run:
  synthetic: random
  requests: 3000
  seed: 3
axes:
  preset: [DDR4-2400, DDR5-4800]
  load: [0.2, 0.5, 0.9]
EOF

# ---- a local sweep: the table --------------------------------------------------------
expect_rc 0 sweep s.yaml --out a --jobs 2
grep -q "^sweep: 6 points, 6 ok, 0 failed" out.txt || fail "summary: $(cat out.txt)"
[[ -f a/results.csv && -f a/results.jsonl && -f a/plan.tsv ]] || fail "missing results in a/"
header="point,preset,load,status,requests,offered_gbps,bandwidth_gbps,peak_gbps,bus_utilization,read_latency_ns.mean,read_latency_ns.p50,read_latency_ns.p90,read_latency_ns.p99,write_latency_ns.mean,row_hit_rate,energy.average_power_w,energy.pj_per_bit,error"
[[ $(head -1 a/results.csv) == "$header" ]] || fail "CSV header: $(head -1 a/results.csv)"
py a/results.csv a/results.jsonl <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
jl = [json.loads(l) for l in open(sys.argv[2])]
assert len(rows) == 6 and len(jl) == 6, (len(rows), len(jl))
order = [(p, l) for p in ("DDR4-2400", "DDR5-4800") for l in ("0.2", "0.5", "0.9")]
for i, (r, j) in enumerate(zip(rows, jl)):
    assert r["point"] == str(i) and j["point"] == i
    assert (r["preset"], r["load"]) == order[i], (r["preset"], r["load"])
    assert r["status"] == "ok" and r["error"] == "" and j["error"] is None, r
    assert j["load"] == float(r["load"]) and j["preset"] == r["preset"]
    for k, v in r.items():  # the two files hold the same values
        if k not in ("preset", "status", "error"):
            assert float(v) == j[k], (k, v, j[k])
    peak = float(r["peak_gbps"])
    assert peak == 19.2
    assert abs(float(r["offered_gbps"]) - float(r["load"]) * peak) < 1e-9
    assert int(r["requests"]) == 3000
    bw = float(r["bandwidth_gbps"])
    if r["load"] == "0.2":  # far below saturation: achieved = offered within 3 %
        assert abs(bw / float(r["offered_gbps"]) - 1) < 0.03, (bw, r)
    assert 0 < bw <= peak
lat = {(r["preset"], r["load"]): float(r["read_latency_ns.mean"]) for r in rows}
for p in ("DDR4-2400", "DDR5-4800"):  # latency climbs with load
    assert lat[(p, "0.2")] < lat[(p, "0.9")], lat
EOF

# Each point is exactly `memsim run` with the plan's arguments: same JSON, byte for byte.
while IFS=$'\t' read -r kind idx id preset load run rest; do
    [[ $kind == point ]] || continue
    [[ $run == run ]] || fail "plan point $idx does not start with run: $run"
    read -r -a args <<<"$rest"
    cases=$((cases + 1))
    "$MEMSIM" run "${args[@]}" --json by-hand.json -q 2>err.txt ||
        fail "memsim run ${args[*]}: $(cat err.txt)"
    cmp -s by-hand.json "a/points/$id.json" || fail "point $idx ($preset $load): JSON differs from memsim run ${args[*]}"
done <a/plan.tsv

# --jobs 1 gives the same table as --jobs 2.
expect_rc 0 sweep s.yaml --out b --jobs 1 --quiet
[[ ! -s out.txt && ! -s err.txt ]] || fail "--quiet printed: $(cat out.txt err.txt)"
cmp -s a/results.csv b/results.csv || fail "--jobs 1 and --jobs 2 tables differ"
cmp -s a/results.jsonl b/results.jsonl || fail "--jobs 1 and --jobs 2 JSONL differ"

# Default --out: the sweep file's name with .sweep, in the current directory.
expect_rc 0 sweep s.yaml --quiet
cmp -s a/results.csv s.sweep/results.csv || fail "default --out s.sweep/ differs"

# ---- resuming -------------------------------------------------------------------------
expect_rc 0 sweep s.yaml --out a --jobs 2
grep -q "6 of 6 points already done, skipped" err.txt || fail "re-run did not skip: $(cat err.txt)"
cmp -s a/results.csv b/results.csv || fail "resumed table differs"
rm a/points/"$(awk -F'\t' '$1 == "point" && $2 == 4 {print $3}' a/plan.tsv)".row
expect_rc 0 sweep s.yaml --out a --jobs 2
grep -q "5 of 6 points already done, skipped" err.txt || fail "one removed point: $(cat err.txt)"
cmp -s a/results.csv b/results.csv || fail "table after redoing one point differs"
# A changed setting is a new configuration: nothing is reused.
sed 's/requests: 3000/requests: 2000/' s.yaml >s2.yaml
expect_rc 0 sweep s2.yaml --out a --jobs 2
grep -q "already done" err.txt && fail "a changed sweep reused results: $(cat err.txt)"
grep -q ',2000,' a/results.csv || fail "changed sweep: requests not 2000"
# So is an edited configuration file that a point names.
printf 'preset: DDR4-2400\n' >cfg.yaml
printf 'run:\n  config: cfg.yaml\n  synthetic: stream\n  requests: 1000\naxes:\n  load: [0.3, 0.6]\n' >c.yaml
expect_rc 0 sweep c.yaml --out c --quiet
printf 'preset: DDR4-2400\ncontroller:\n  scheduler: fcfs\n' >cfg.yaml
expect_rc 0 sweep c.yaml --out c
grep -q "already done" err.txt && fail "an edited config file reused results"

# ---- an interrupted sweep resumes to the same table ----------------------------------
printf 'run:\n  synthetic: random\n  requests: 200000\naxes:\n  preset: [DDR4-2400, DDR5-4800]\n  seed: [1, 2, 3, 4]\n' >long.yaml
cases=$((cases + 1))
"$MEMSIM" sweep long.yaml --out int --jobs 1 >out.txt 2>err.txt &
pid=$!
for _ in $(seq 100); do # wait for the first result, then interrupt
    compgen -G "int/points/*.row" >/dev/null && break
    sleep 0.05
done
kill -INT $pid
wait $pid
rc=$?
echo "interrupted sweep: exit status $rc"
if [[ $rc -eq 130 ]]; then
    grep -q "^memsim: sweep interrupted: [1-7] of 8 points have results; run the same command again" err.txt ||
        fail "interrupt message: $(cat err.txt)"
    [[ ! -e int/results.csv ]] || fail "an interrupted sweep wrote a table"
    compgen -G "int/points/*.tmp.*" >/dev/null && fail "temporary files left: $(ls int/points)"
    expect_rc 0 sweep long.yaml --out int --jobs 2
    grep -Eq "[1-7] of 8 points already done" err.txt || fail "resume after interrupt: $(cat err.txt)"
    expect_rc 0 sweep long.yaml --out int-fresh --jobs 2 --quiet
    cmp -s int/results.csv int-fresh/results.csv || fail "interrupted + resumed table differs from a fresh one"
elif [[ $rc -ne 0 ]]; then # 0: the machine was fast enough to finish first
    fail "interrupted sweep: exit status $rc: $(cat err.txt)"
fi

# ---- failed points are reported and do not stop the others ------------------------------
cat >bad.yaml <<'EOF'
run:
  synthetic: stream
  requests: 1000
axes:
  preset: [DDR4-2400, NOPE-1, DDR5-4800]
EOF
expect_rc 1 sweep bad.yaml --out bad --jobs 2
grep -q "^memsim: sweep: point 1 (preset=NOPE-1) error: --preset: unknown preset 'NOPE-1' (memsim presets lists them)$" err.txt ||
    fail "failed point report: $(cat err.txt)"
grep -q "^sweep: 3 points, 2 ok, 1 failed" out.txt || fail "summary with a failure: $(cat out.txt)"
grep -q "^1,NOPE-1,error,,.*,--preset: unknown preset 'NOPE-1' (memsim presets lists them)$" bad/results.csv ||
    fail "error row: $(cat bad/results.csv)"
[[ $(grep -c ',ok,' bad/results.csv) -eq 2 ]] || fail "the other points: $(cat bad/results.csv)"
expect_rc 1 sweep bad.yaml --out bad # a failed point is retried, not skipped
grep -q "2 of 3 points already done" err.txt || fail "retry of the failed point: $(cat err.txt)"

# ---- zip, ranges, "" leaves a setting out, chosen stats --------------------------------
cat >zip.yaml <<'EOF'
run:
  synthetic: stream
  requests: 2000
axes:
  preset: [DDR4-2400, DDR5-4800, ""]
  config: ["", "", cfg.yaml]
  controller.page_policy: [open, closed]
  load: {from: 0.1, to: 0.4, steps: 3, scale: log}
zip: [[preset, config]]
stats: [bandwidth_gbps, commands.ACT, row_hit_rate]
EOF
expect_rc 0 sweep zip.yaml --out zip --quiet
py zip/results.csv zip/plan.tsv <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0]) == ["point", "preset", "config", "controller.page_policy", "load", "status",
                         "bandwidth_gbps", "commands.ACT", "row_hit_rate", "error"], list(rows[0])
assert len(rows) == 3 * 2 * 3, len(rows)
assert [r["load"] for r in rows[:3]] == ["0.1", "0.2", "0.4"], [r["load"] for r in rows[:3]]
assert [(r["preset"], r["config"]) for r in rows[::6]] == [("DDR4-2400", ""), ("DDR5-4800", ""), ("", "cfg.yaml")]
for r in rows:
    assert r["status"] == "ok", r
hit = {(r["preset"], r["config"], r["controller.page_policy"], r["load"]): float(r["row_hit_rate"]) for r in rows}
for (p, c, pol, l), h in hit.items():  # a stream hits open rows; closing them costs hits
    if pol == "open":
        assert h > 0.9 and h > hit[(p, c, "closed", l)], (p, c, l, h)
plan = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.startswith("point")]
last = plan[-1]
assert last[3:7] == ["", "cfg.yaml", "closed", "0.4"], last
args = last[7:]
assert args[0] == "run" and args[1].endswith("/cfg.yaml") and "--preset" not in args, args
EOF

# ---- Slurm's job array, its tasks run by hand (no cluster needed) ------------------------
expect_rc 0 sweep s.yaml --out sl --slurm --tasks 4 --sbatch-arg --partition=x --sbatch-arg "--time=5"
grep -q "^sweep: 6 points in 4 array tasks: .*/sl/sweep.sbatch$" out.txt || fail "--slurm: $(cat out.txt)"
grep -q "^submit with:  sbatch .*/sl/sweep.sbatch$" out.txt || fail "--slurm hint: $(cat out.txt)"
for want in "#SBATCH --array=0-3" "#SBATCH --time=5" "#SBATCH --output=.*/sl/slurm/%A_%a.out" \
    "exec '.*' sweep worker '.*/sl' --task \"\$SLURM_ARRAY_TASK_ID\" --tasks 4"; do
    grep -q -- "$want" sl/sweep.sbatch || fail "sweep.sbatch lacks /$want/: $(cat sl/sweep.sbatch)"
done
[[ -x sl/sweep.sbatch ]] || fail "sweep.sbatch is not executable"
[[ ! -e sl/results.csv ]] || fail "--slurm without --submit ran points"
expect_rc 1 sweep collect sl # nothing has run yet: every point is missing
grep -q "point 0 (preset=DDR4-2400 load=0.2) missing: no result" err.txt || fail "collect before run: $(cat err.txt)"
for task in 0 1 2 3; do
    cases=$((cases + 1))
    SLURM_ARRAY_TASK_ID=$task bash sl/sweep.sbatch >/dev/null 2>err.txt || fail "task $task: $(cat err.txt)"
done
expect_rc 0 sweep collect sl
cmp -s b/results.csv sl/results.csv || fail "job-array table differs from the local one"
cmp -s b/results.jsonl sl/results.jsonl || fail "job-array JSONL differs from the local one"

# ---- curve ------------------------------------------------------------------------------
expect_rc 0 curve --preset DDR4-2400 --requests 4000 --points 4 --from 0.1 --to 1.3 --read-ratio 1 --read-ratio 0.5 --out cv.csv --no-plot --jobs 2
grep -q "^curve: 8 points: cv.csv$" out.txt || fail "curve summary: $(cat out.txt)"
[[ ! -e cv.png ]] || fail "--no-plot wrote a plot"
py cv.csv <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0]) == ["config", "read_ratio", "load", "offered_gbps", "bandwidth_gbps", "peak_gbps",
    "read_latency_ns.mean", "read_latency_ns.p50", "read_latency_ns.p90", "read_latency_ns.p99",
    "write_latency_ns.mean", "bus_utilization", "energy.average_power_w"], list(rows[0])
assert len(rows) == 8
assert [r["load"] for r in rows[:4]] == ["0.1", "0.5", "0.9", "1.3"]
assert {r["read_ratio"] for r in rows} == {"1", "0.5"}
for rr in ("1", "0.5"):
    line = [r for r in rows if r["read_ratio"] == rr]
    assert all(r["config"] == "DDR4-2400" for r in line)
    bw = [float(r["bandwidth_gbps"]) for r in line]
    lat = [float(r["read_latency_ns.mean"]) for r in line]
    assert abs(bw[0] - 1.92) < 0.1, bw  # 10 % of 19.2 GB/s, achieved
    assert bw[3] < 1.3 * 19.2 * 0.95, bw  # beyond saturation: the offered load is not reached
    assert lat[3] > 3 * lat[0], lat  # and the latency climbs with the backlog
    assert (float(line[0]["write_latency_ns.mean"]) > 0) == (rr == "0.5")
EOF
expect_fail "memsim: curve: give a configuration: CONFIG.yaml or --preset NAME" curve --points 3
expect_fail "memsim: curve: --from must be below --to" curve --preset DDR4-2400 --from 0.9 --to 0.5
expect_fail "memsim: curve: --points: expected a number from 2 to 1000, got '1'" curve --preset DDR4-2400 --points 1
expect_fail "memsim: curve: -s: unknown key 'x.y' (expected a memsim run option such as preset, synthetic, requests, load, or a configuration key: memsim keys)" \
    curve --preset DDR4-2400 -s x.y=1

# ---- bad input: one line naming the file and line, exit status 2, nothing written ------
bad() { # bad FILE-CONTENT MESSAGE
    printf '%b' "$1" >e.yaml
    rm -rf e.sweep
    expect_fail "$2" sweep e.yaml
    [[ ! -e e.sweep ]] || fail "a bad sweep file created e.sweep/"
}
bad 'run:\n  synthetic: random\naxes:\n  presett: [a]\n' \
    "memsim: e.yaml:4: unknown key 'presett' (expected a memsim run option such as preset, synthetic, requests, load, or a configuration key: memsim keys)"
bad 'run:\n  json: x.json\naxes:\n  preset: [a]\n' \
    "memsim: e.yaml:2: 'json' is not a sweep setting: the sweep writes each point's results itself"
bad 'axes:\n  preset: [a, b]\n  load: [1]\nzip: [[preset, load]]\n' \
    "memsim: e.yaml:4: zip: axis 'load' has 1 values, the group's first has 2"
bad 'axes:\n  preset: [a]\nzip: [[preset, seed]]\n' "memsim: e.yaml:3: zip: 'seed' is not an axis"
bad 'axes:\n  load: {from: 1, steps: 3}\n' "memsim: e.yaml:2: axis 'load': a range needs from, to and steps"
bad 'axes:\n  load: {from: 0, to: 1, steps: 3, scale: log}\n' "memsim: e.yaml:2: axis 'load': a log range needs from and to above 0"
bad 'axes:\n  load: 3\n' "memsim: e.yaml:2: axis 'load': expected a list of values or {from, to, steps}, got a single value (put fixed settings under run:)"
bad 'axes:\n  load: []\n' "memsim: e.yaml:2: axis 'load': the list of values is empty"
bad 'run:\n  requests: [1, 2]\naxes:\n  load: [1]\n' "memsim: e.yaml:2: run: requests: expected a single value, got a list (lists go under axes:)"
bad 'run:\n  synthetic: random\n' "memsim: e.yaml:1: no axes: a sweep needs at least one axis"
bad 'axes:\n  load: [1]\nstats: [bw]\n' "memsim: e.yaml: unknown statistic 'bw' in stats (names as in memsim run --json: bandwidth_gbps, read_latency_ns.p99, commands.ACT, energy.average_power_w, ...; or offered_gbps)"
bad 'axes:\n  load: [1]\nrepeat: 3\n' "memsim: e.yaml:3: unknown key 'repeat' (expected run, axes, zip or stats)"
bad 'axes: [\n' "memsim: e.yaml:2: did not find expected node content"
bad '' "memsim: e.yaml:1: the sweep file is empty"
expect_fail "memsim: cannot open sweep file 'missing.yaml': No such file or directory" sweep missing.yaml
expect_fail "memsim: sweep: --jobs: expected a whole number from 1 to 1024, got '0'" sweep s.yaml --jobs 0
expect_fail "memsim: sweep: --tasks, --submit and --sbatch-arg need --slurm" sweep s.yaml --submit
expect_fail "memsim: sweep: unknown option '--bogus' (memsim sweep --help)" sweep s.yaml --bogus
expect_fail "memsim: cannot open '$T/nowhere/plan.tsv': No such file or directory (not a sweep directory?)" sweep collect "$T/nowhere"

if ((failed)); then
    echo "$NAME: $failed failures in $cases cases" >&2
    exit 1
fi
echo "$NAME: all $cases cases passed"
