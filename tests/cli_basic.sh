#!/usr/bin/env bash
# cli_basic.sh - the memsim CLI on good input: version, help, listings, a run
# with JSON and command trace, `memsim check`, the four trace formats, the
# example YAML configs, -s over YAML, --json -, and determinism.
#
#   bash tests/cli_basic.sh <path-to-memsim> <source-dir>      (ctest runs it)
#
# JSON is checked with python3 (schema: docs/statistics.md). Runs are small
# (a few thousand requests) so the whole script takes about a second.
set -u

NAME=cli_basic
# shellcheck source=lib/cli-setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli-setup.sh" "$@"

# expect_ok <memsim args...>: exit status 0, nothing on stderr; stdout in stdout.txt.
expect_ok() {
    local rc
    cases=$((cases + 1))
    "$MEMSIM" "$@" >stdout.txt 2>stderr.txt
    rc=$?
    [[ $rc -eq 0 ]] || fail "memsim $*: exit status $rc, expected 0; stderr: $(cat stderr.txt)"
    [[ ! -s stderr.txt ]] || fail "memsim $*: unexpected stderr: $(cat stderr.txt)"
    return $rc
}

# expect_out <extended regex>: a line of the last stdout matches.
expect_out() {
    grep -Eq -- "$1" stdout.txt || fail "stdout lacks /$1/:"$'\n'"$(head -c 2000 stdout.txt)"
}

# json_ok FILE PYTHON-EXPRESSION...: each expression over d (the parsed file) is true.
json_ok() {
    local file=$1
    shift
    python3 - "$file" "$@" <<'EOF' || fail "JSON check of $file failed"
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    sys.exit(f"  {sys.argv[1]}: not JSON: {e}")
bad = 0
for expr in sys.argv[2:]:
    try:
        ok = eval(expr, {"d": d})
    except Exception as e:
        ok, expr = False, f"{expr} ({type(e).__name__}: {e})"
    if not ok:
        print(f"  {sys.argv[1]}: not true: {expr}", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
EOF
}

P=(--preset DDR4-2400)

# ---- version, help, listings ----------------------------------------------------
expect_ok --version
[[ $(cat stdout.txt) == "memsim 0.1.0" ]] || fail "--version printed '$(cat stdout.txt)'"

expect_ok --help
for w in run presets check keys; do expect_out "^ +memsim $w|usage: memsim $w"; done

expect_ok run --help
expect_out "^usage: memsim run"

expect_ok presets
expect_out "^DDR5-4800 +DDR5 +4800 +417 +34-34-34 +19\.2 +16Gb_x8$"
expect_out "^DDR4-2400 +DDR4 +2400 +833 +16-16-16 +19\.2 +8Gb_x8$"
expect_out "^DDR4-2400R +DDR4 .* 16-16-16 "
expect_out "^DDR5-4800B +DDR5 .* 36-36-36 "
expect_out "^  16Gb_x4 +16 Gb x4"

expect_ok keys
expect_out "^controller\.scheduler +enum +frfcfs\|fcfs "
expect_out "^mapping\.scheme "
expect_out "^timing\.nRCD +int "

# ---- paced load: --load is a fraction of peak, --rate GB/s; below saturation the
# achieved bandwidth is the offered one (DDR4-2400: 19.2 GB/s peak) ---------------------
expect_ok run "${P[@]}" --synthetic random --requests 20000 --load 0.25 --json load.json -q
json_ok load.json "abs(d['total']['bandwidth_gbps'] - 4.8) < 0.05"
expect_ok run "${P[@]}" --synthetic stream --requests 20000 --rate 12 --json rate.json -q
json_ok rate.json "abs(d['total']['bandwidth_gbps'] - 12.0) < 0.1"

# ---- a run with JSON and a command trace, then check --------------------------------
expect_ok run "${P[@]}" --synthetic random --requests 2000 --json out.json --cmd-trace c.csv
expect_out "^memsim 0\.1\.0: DDR4-2400 8Gb_x8, 1 channel x 1 rank, FR-FCFS, open pages, map RoBaRaCoCh$"
expect_out "^  requests +2000 \(2000 reads, 0 writes\), 128000 bytes$"
[[ -s out.json && -s c.csv ]] || fail "out.json or c.csv missing"
[[ -z $(find . -name '*.tmp.*') ]] || fail "temporary files left after a good run"
json_ok out.json \
    "set(['total', 'channels', 'config']) <= set(d)" \
    "d['memsim_version'] == '0.1.0'" \
    "d['total']['requests'] == 2000" \
    "d['total']['reads'] + d['total']['writes'] == 2000" \
    "d['total']['bytes'] == 2000 * 64" \
    "0 < d['total']['bandwidth_gbps'] <= d['total']['peak_gbps'] == 19.2" \
    "all(k in d['total']['read_latency_ns'] for k in ('mean', 'p50', 'p90', 'p99', 'max'))" \
    "all(k in d['total']['write_latency_ns'] for k in ('mean', 'p50', 'p90', 'p99', 'max'))" \
    "0 < d['total']['read_latency_ns']['p50'] <= d['total']['read_latency_ns']['p90'] <= d['total']['read_latency_ns']['p99'] <= d['total']['read_latency_ns']['max']" \
    "sum(d['total']['read_latency_histogram']['count']) == d['total']['reads']" \
    "len(d['total']['read_latency_histogram']['bucket_ns']) == len(d['total']['read_latency_histogram']['count'])" \
    "d['total']['read_latency_histogram']['bucket_ns'] == sorted(set(d['total']['read_latency_histogram']['bucket_ns']))" \
    "d['total']['read_latency_histogram']['bucket_ns'][-1] == d['total']['read_latency_ns']['max']" \
    "d['total']['row_hits'] + d['total']['row_misses'] + d['total']['row_conflicts'] == 2000" \
    "d['total']['commands']['RD'] == 2000" \
    "isinstance(d['total']['refreshes'], int)" \
    "len(d['channels']) == 1 and d['channels'][0]['channel'] == 0" \
    "d['channels'][0]['requests'] == 2000" \
    "d['config']['preset'] == 'DDR4-2400' and d['config']['timing']['nCL'] == 16" \
    "d['config']['write_high'] == 24 and d['config']['write_low'] == 8" \
    "'epochs' not in d"

expect_ok check c.csv
expect_out "^memsim check: [0-9]+ commands, 0 violations$"

# ---- traces in each format, auto-detected and forced ---------------------------------
# Three requests each: two reads, one write (the memsim one adds a 128-byte
# write, split into two 64-byte bursts: four requests).
printf '# memsim format\n0 R 0x1f40\n12 W 1f80 128\n\n40 r 0x4000\n' >t_memsim.trc
printf 'LD 0xd54f3300\r\nST 4096\r\nLD 0x40\r\n' >t_ramulator.trc
printf '0xD54F3300 READ 0\n0x8A2C1C0 WRITE 80\n0x40 P_MEM_RD 100' >t_dramsim3.trc
printf '0:\tread\t0xd54f3300\n80:\t(32)\twrite\t0x8a2c1c0\t0x0102\n100:\tread\t0x40\n' >t_dramsys.trc
for f in memsim ramulator dramsim3 dramsys; do
    want=3 wr=1
    [[ $f == memsim ]] && want=4 wr=2
    expect_ok run "${P[@]}" --trace t_$f.trc --json t_$f.json
    expect_out "^  requests +$want \($((want - wr)) reads, $wr writes\)"
    json_ok t_$f.json "d['total']['requests'] == $want" "d['total']['writes'] == $wr"
    expect_ok run "${P[@]}" --trace t_$f.trc --trace-format $f --quiet --json t_${f}_forced.json
    cmp -s t_$f.json t_${f}_forced.json || fail "--trace-format $f changed the result"
done
expect_ok run "${P[@]}" --trace - --json - <t_memsim.trc
json_ok stdout.txt "d['total']['requests'] == 4"
# An empty trace is an error (cli_errors.sh); the library itself accepts 0 requests.

# ---- YAML configs: the shipped examples, -s after the file -----------------------------
for y in "$SRC"/configs/*.yaml; do
    expect_ok run "$y" --synthetic random --requests 2000 --read-ratio 0.7 --json y.json \
        --cmd-trace y.csv --quiet
    [[ ! -s stdout.txt ]] || fail "--quiet printed a summary"
    json_ok y.json "d['total']['requests'] == 2000"
    expect_ok check y.csv
    expect_out " 0 violations$"
done
expect_ok run "$SRC/configs/ddr5-6400-rdimm.yaml" --synthetic random --requests 100 --json y.json
json_ok y.json "d['config']['channels'] == 2 and d['config']['ranks'] == 2" \
    "d['config']['org'] == '16Gb_x4' and len(d['channels']) == 2" \
    "d['total']['peak_gbps'] == 51.2"
printf 'preset: DDR5-4800\ncontroller:\n  scheduler: fcfs\n  read_queue: 16\ndram.channels: 2\n' >cfg.yaml
expect_ok run cfg.yaml -s controller.scheduler=frfcfs --synthetic random --requests 500 --json y.json
json_ok y.json "d['config']['scheduler'] == 'frfcfs'" "d['config']['read_queue'] == 16" \
    "d['config']['channels'] == 2"
expect_ok run cfg.yaml --preset DDR4-3200 --synthetic stream --requests 500 --json y.json
json_ok y.json "d['config']['preset'] == 'DDR4-3200'"

# ---- --json -, epochs, determinism -------------------------------------------------------
expect_ok run "${P[@]}" --synthetic random --requests 500 --json -
json_ok stdout.txt "d['total']['requests'] == 500"
grep -q "^  requests" stdout.txt && fail "--json - also printed the summary"

expect_ok run --preset DDR5-4800 -s stats.epoch=1000 --synthetic random --requests 2000 \
    --read-ratio 0.5 --json e.json --quiet
json_ok e.json "len(d['epochs']) == d['total']['cycles'] // 1000" \
    "sum(e['reads'] + e['writes'] for e in d['epochs']) <= d['total']['requests']" \
    "d['epochs'][0]['end_cycle'] == 1000"

expect_ok run "${P[@]}" --synthetic random --requests 3000 --read-ratio 0.6 --seed 7 \
    --json a.json --cmd-trace a.csv --quiet
expect_ok run "${P[@]}" --synthetic random --requests 3000 --read-ratio 0.6 --seed 7 \
    --json b.json --cmd-trace b.csv --quiet --step
cmp -s a.json b.json || fail "--step changed the JSON"
cmp -s a.csv b.csv || fail "--step changed the command trace"
expect_ok run "${P[@]}" --synthetic random --requests 3000 --read-ratio 0.6 --seed 7 \
    --json c.json --quiet
cmp -s a.json c.json || fail "the same run gave different JSON"

if ((failed)); then
    echo "cli_basic: $failed failures in $cases cases" >&2
    exit 1
fi
echo "cli_basic: all $cases cases passed"
