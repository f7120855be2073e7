#!/usr/bin/env bash
# cli_plot.sh - memsim plot: every kind in PNG and SVG, checked by an independent validator,
# and its bad input: exact messages, exit status 2, no output left behind.
#
#   bash tests/cli_plot.sh <path-to-memsim> <source-dir>      (ctest runs it)
#
# Inputs are real memsim runs (small: a few thousand requests) plus a hand-written curve CSV
# and sweep results.csv in the documented formats (docs/plot.md). Each picture is validated
# with tests/lib/image_check.py (standard-library python: PNG decoded and unfiltered, SVG
# parsed) at the size asked for, so matplotlib is not trusted to check itself.
#
# memsim plot needs /usr/bin/python3 with matplotlib (Debian: python3-matplotlib). When it
# is missing the test installs it if it runs as root, else fails saying what to install.
# One plot takes about a second (python start-up and matplotlib import); the whole script
# about 40 s.
set -u

NAME=cli_plot
# shellcheck source=lib/cli-setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli-setup.sh" "$@"
CHECK=$SRC/tests/lib/image_check.py

if ! /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "cli_plot: installing python3-matplotlib" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            python3-matplotlib; } >apt.log 2>&1 || {
            echo "cli_plot: apt-get install python3-matplotlib failed: $(tail -1 apt.log)" >&2
            exit 1
        }
    else
        echo "cli_plot: memsim plot needs python3-matplotlib (apt-get install" \
            "python3-matplotlib, as root)" >&2
        exit 1
    fi
fi

# expect_ok <memsim args...>: exit status 0, nothing on stdout or stderr.
expect_ok() {
    local rc
    cases=$((cases + 1))
    "$MEMSIM" "$@" >stdout.txt 2>stderr.txt
    rc=$?
    [[ $rc -eq 0 ]] || fail "memsim $*: exit status $rc, expected 0; stderr: $(cat stderr.txt)"
    [[ ! -s stderr.txt ]] || fail "memsim $*: unexpected stderr: $(cat stderr.txt)"
    [[ ! -s stdout.txt ]] || fail "memsim $*: unexpected stdout: $(head -c 200 stdout.txt)"
    return $rc
}

# image FILE WxH: FILE is a non-blank PNG or SVG of exactly that many pixels.
image() {
    local why
    cases=$((cases + 1))
    why=$(python3 "$CHECK" "$1" "$2" 2>&1 >/dev/null) || fail "image_check $1 $2: $why"
}

# plot_ok OUT WxH <memsim plot args...>: renders OUT and validates it.
plot_ok() {
    local out=$1 size=$2
    shift 2
    rm -f -- "$out"
    expect_ok plot "$@" --out "$out" && image "$out" "$size"
}

# ---- inputs -----------------------------------------------------------------------------
run() {
    "$MEMSIM" run -q "$@" || {
        echo "FAIL: memsim run $* (cannot make the test inputs)" >&2
        exit 1
    }
}
run --preset DDR4-2400 --synthetic random --requests 3000 --json a.json -s stats.epoch=2000
run --preset DDR5-4800 --synthetic stream --requests 3000 --json b.json
run --preset DDR4-2400 --synthetic random --requests 3000 --json c.json -s controller.page_policy=closed

# The curve CSV as memsim curve writes it (two configurations, rows not in load order).
cat >curve.csv <<'EOF'
config,read_ratio,load,offered_gbps,bandwidth_gbps,peak_gbps,read_latency_ns.mean,read_latency_ns.p50,read_latency_ns.p90,read_latency_ns.p99,write_latency_ns.mean,bus_utilization,energy.average_power_w
DDR4-2400,1,0.2,3.84,3.83,19.2,48.1,45.0,58.3,80.0,0,0.2,1.9
DDR4-2400,1,0.6,11.52,11.1,19.2,70.3,62.5,101.7,170.8,0,0.58,3.1
DDR4-2400,1,0.4,7.68,7.60,19.2,55.2,50.0,70.8,110.0,0,0.4,2.5
DDR4-2400,1,0.8,15.36,13.0,19.2,140.5,120.8,250.0,420.0,0,0.68,3.5
DDR4-2400,1,1.0,19.2,13.4,19.2,400.2,380.0,610.0,900.0,0,0.7,3.6
DDR5-4800,1,0.2,7.68,7.66,38.4,52.0,48.3,62.5,85.0,0,0.2,3.0
DDR5-4800,1,0.4,15.36,15.2,38.4,57.0,52.1,72.0,115.0,0,0.4,3.9
DDR5-4800,1,0.6,23.04,22.5,38.4,68.0,60.0,95.0,160.0,0,0.59,4.7
DDR5-4800,1,1.0,38.4,29.0,38.4,350.0,330.0,520.0,800.0,0,0.76,5.5
EOF
# A second file to combine with it: the same configuration at another read ratio.
cat >curve2.csv <<'EOF'
config,read_ratio,load,offered_gbps,bandwidth_gbps,peak_gbps,read_latency_ns.mean,read_latency_ns.p50,read_latency_ns.p90,read_latency_ns.p99,write_latency_ns.mean,bus_utilization,energy.average_power_w
DDR4-2400,0.67,0.2,3.84,3.80,19.2,50.1,46.0,60.3,85.0,40,0.2,2.0
DDR4-2400,0.67,0.6,11.52,10.5,19.2,80.3,70.5,121.7,200.8,70,0.55,3.2
DDR4-2400,0.67,1.0,19.2,12.1,19.2,450.2,420.0,650.0,990.0,300,0.63,3.6
EOF
# results.csv as memsim sweep writes it: point, the axes, status, statistics, error.
cat >sweep.csv <<'EOF'
point,preset,controller.scheduler,status,bandwidth_gbps,read_latency_ns.p99,energy.pj_per_bit,error
0,DDR4-2400,frfcfs,ok,13.4,900.0,22.5,
1,DDR4-2400,fcfs,ok,11.9,1100.0,24.0,
2,DDR5-4800,frfcfs,ok,29.0,800.0,15.1,
3,DDR5-4800,fcfs,failed,,,,"timeout, after 3 s"
4,DDR4-3200,frfcfs,ok,17.7,850.0,20.2,
5,DDR4-3200,fcfs,ok,15.0,990.0,21.7,
EOF

# A hand-made run JSON: only the histogram (upper bucket edges in ns, counts), no config.
cat >hand.json <<'EOF'
{"total": {"read_latency_histogram": {"bucket_ns": [40, 45, 50, 60, 80, 120, 400],
                                      "count": [10, 300, 250, 200, 150, 80, 10]}}}
EOF

# ---- every kind, PNG and SVG, default size ----------------------------------------------
for ext in png svg; do
    plot_ok curve.$ext 1200x800 curve curve.csv
    plot_ok latency.$ext 1200x800 latency a.json b.json c.json
    plot_ok timeline.$ext 1200x800 timeline a.json
    plot_ok sweep.$ext 1200x800 sweep sweep.csv --y bandwidth_gbps --x preset \
        --group controller.scheduler
done

# ---- options ----------------------------------------------------------------------------
plot_ok curve-p99.png 1200x800 curve curve.csv curve2.csv --latency mean --latency p99 \
    --label 'DDR4 reads only' --title 'Two files, two latencies'
plot_ok small.png 640x480 latency a.json --size 640x480 --label 'random 4 KiB'
plot_ok hand.png 1200x800 latency hand.json a.json
plot_ok small.svg 640x480 timeline a.json --size 640x480 --title 'DDR4 random'
plot_ok odd.png 1001x667 sweep sweep.csv --y read_latency_ns.p99 --x controller.scheduler \
    --where preset=DDR4-2400 --size 1001x667
plot_ok odd.svg 333x251 curve curve.csv --size 333x251
plot_ok upper.PNG 1200x800 sweep sweep.csv --y energy.pj_per_bit --x preset \
    --where controller.scheduler=frfcfs --where controller.scheduler=fcfs \
    --group controller.scheduler --label 'FR-FCFS' --label 'FCFS'

# The same inputs give the same bytes (no date in the metadata, fixed SVG ids).
for ext in png svg; do
    cases=$((cases + 1))
    "$MEMSIM" plot latency a.json b.json c.json --out again.$ext 2>/dev/null
    cmp -s latency.$ext again.$ext || fail "plot latency --out .$ext is not reproducible"
done

# A script read from stdin has the working directory on sys.path: a json.py there must not
# shadow the standard library.
mkdir shadow && cp a.json shadow/ && echo 'raise SystemExit("shadowed")' >shadow/json.py
cases=$((cases + 1))
(cd shadow && "$MEMSIM" plot timeline a.json --out t.png 2>err.txt) ||
    fail "plot with a json.py in the working directory: $(cat shadow/err.txt)"

# Help.
cases=$((cases + 1))
"$MEMSIM" plot --help >stdout.txt 2>&1 && grep -q '^usage: memsim plot KIND' stdout.txt ||
    fail "memsim plot --help: $(head -3 stdout.txt)"

# ---- bad input ----------------------------------------------------------------------------
E="memsim: plot:"
expect_fail "$E usage: memsim plot curve|latency|timeline|sweep INPUT... --out FILE.png|FILE.svg (memsim plot --help)" plot
expect_fail "$E unknown kind 'pie' (expected curve, latency, timeline or sweep)" \
    plot pie a.json --out x.png
expect_fail "$E no --out FILE.png|FILE.svg given" plot latency a.json
expect_fail "$E --out x.jpg: unknown extension (expected .png or .svg)" \
    plot latency a.json --out x.jpg
expect_fail "$E --out png: unknown extension (expected .png or .svg)" plot latency a.json --out png
expect_fail "$E cannot read 'nope.json': No such file or directory" \
    plot latency a.json nope.json --out x.png
expect_fail "$E unknown option '--colour' (memsim plot --help)" \
    plot latency a.json --colour red --out x.png
expect_fail "$E --latency is not an option of plot timeline" \
    plot timeline a.json --latency p99 --out x.png
expect_fail "$E --label is not an option of plot timeline" \
    plot timeline a.json --label x --out x.png
expect_fail "$E --latency: unknown statistic 'p95' (expected mean, p50, p90 or p99)" \
    plot curve curve.csv --latency p95 --out x.png
expect_fail "$E --size: expected WIDTHxHEIGHT in pixels, each 100..8000, got '1200'" \
    plot latency a.json --size 1200 --out x.png
expect_fail "$E --size: expected WIDTHxHEIGHT in pixels, each 100..8000, got '50x50'" \
    plot latency a.json --size 50x50 --out x.png
expect_fail "$E --out given twice" plot latency a.json --out x.png --out y.png
expect_fail "$E --title: expected a value" plot latency a.json --out x.png --title
expect_fail "$E latency: no input RUN.json given" plot latency --out x.png
expect_fail "$E timeline: expected one RUN.json, got 2" plot timeline a.json b.json --out x.png
expect_fail "$E sweep needs --y STAT and --x AXIS" plot sweep sweep.csv --x preset --out x.png
expect_fail "$E --where: expected KEY=VALUE, got 'preset'" \
    plot sweep sweep.csv --y bandwidth_gbps --x preset --where preset --out x.png
mkdir -p adir
expect_fail "$E 'adir' is a directory" plot latency adir --out x.png
expect_fail "$E cannot write 'nodir/x.png': No such file or directory" \
    plot latency a.json --out nodir/x.png

# Found by python (the file's contents).
head -1 curve.csv | sed 's/,peak_gbps//' >nopeak.csv
sed -n 2p curve.csv | cut -d, -f1-5,7- >>nopeak.csv
expect_fail "$E nopeak.csv: no column 'peak_gbps' (is it memsim curve output?)" \
    plot curve curve.csv nopeak.csv --out x.svg
cut -d, -f1-9,11- curve.csv >nop99.csv # no read_latency_ns.p99
expect_ok plot curve nop99.csv --out x.png
expect_fail "$E nop99.csv: no column 'read_latency_ns.p99' (is it memsim curve output?)" \
    plot curve nop99.csv --latency mean --latency p99 --out x.png
sed '3s/,11.1,/,fast,/' curve.csv >word.csv
expect_fail "$E word.csv:3: bandwidth_gbps: expected a number, got 'fast'" \
    plot curve word.csv --out x.png
expect_fail "$E a.json: a JSON file, not CSV (plot latency and plot timeline read runs)" \
    plot curve a.json --out x.png
expect_fail "$E b.json: no epochs (run with -s stats.epoch=CYCLES)" plot timeline b.json --out x.png
expect_fail "$E curve.csv:1: not JSON: Expecting value" plot latency curve.csv --out x.png
python3 -c 'import json, sys
d = json.load(open("a.json")); del d["total"]["read_latency_histogram"]
json.dump(d, open("nohist.json", "w"))'
expect_fail "$E nohist.json: no total.read_latency_histogram (expected memsim run --json output)" \
    plot latency a.json nohist.json --out x.png
expect_fail "$E 4 --label given for 3 lines" \
    plot latency a.json b.json c.json --label A --label B --label C --label D --out x.png
expect_fail "$E sweep.csv: 2 rows per bar (they differ in 'controller.scheduler'): fix the other axes with --where KEY=VALUE" \
    plot sweep sweep.csv --y bandwidth_gbps --x preset --out x.png
expect_fail "$E sweep.csv: --x 'dram.channels' is not an axis column (axes: preset, controller.scheduler)" \
    plot sweep sweep.csv --y bandwidth_gbps --x dram.channels --out x.png
expect_fail "$E sweep.csv: --y 'bw' is not a statistic column (statistics: bandwidth_gbps, read_latency_ns.p99, energy.pj_per_bit)" \
    plot sweep sweep.csv --y bw --x preset --out x.png
expect_fail "$E sweep.csv: no rows match the --where filters" \
    plot sweep sweep.csv --y bandwidth_gbps --x preset --where controller.scheduler=lifo --out x.png
expect_fail "$E sweep.csv: no row has status ok (1 skipped)" \
    plot sweep sweep.csv --y bandwidth_gbps --x preset --where preset=DDR5-4800 \
    --where controller.scheduler=fcfs --out x.png

# A failed plot leaves an existing output file as it was.
cases=$((cases + 1))
echo old >keep.png
"$MEMSIM" plot timeline b.json --out keep.png 2>/dev/null
[[ $(cat keep.png) == old ]] || fail "a failed plot changed the existing keep.png"
[[ -z $(find . -name '*.tmp.*') ]] || fail "a failed plot left a temporary file"

# Without matplotlib: one line saying what to install (a stand-in package that fails to import).
mkdir -p nompl/matplotlib && echo 'raise ImportError("No module named matplotlib")' \
    >nompl/matplotlib/__init__.py
cases=$((cases + 1))
PYTHONPATH=$PWD/nompl "$MEMSIM" plot latency a.json --out x.png >stdout.txt 2>stderr.txt
rc=$?
want="$E /usr/bin/python3 cannot import matplotlib (install the Debian package python3-matplotlib; make demo and make test install it)"
[[ $rc -eq 2 && $(cat stderr.txt) == "$want" && ! -e x.png ]] ||
    fail "without matplotlib: exit $rc, stderr: $(cat stderr.txt)"

# Interrupted while python draws: 128 + signal, one line, nothing left behind.
for sig in INT TERM; do
    cases=$((cases + 1))
    rm -f x.png stderr.txt
    "$MEMSIM" plot latency a.json b.json c.json --out x.png 2>stderr.txt &
    pid=$!
    for _ in $(seq 200); do # until python has started
        grep -qs "^PPid:[[:space:]]*$pid\$" /proc/[0-9]*/status && break
        sleep 0.01
    done
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    want=$((128 + $(kill -l "$sig")))
    [[ $rc -eq $want && $(cat stderr.txt) == "$E interrupted; no output written" ]] ||
        fail "SIG$sig during plot: exit $rc (expected $want), stderr: $(cat stderr.txt)"
    [[ ! -e x.png && -z $(find . -name '*.tmp.*') ]] || fail "SIG$sig during plot left a file"
done

echo "$NAME: $cases cases, $failed failed"
[[ $failed -eq 0 ]]
