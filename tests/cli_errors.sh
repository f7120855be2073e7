#!/usr/bin/env bash
# cli_errors.sh - bad input to the memsim CLI: exact messages, exit status, no output left.
#
#   bash tests/cli_errors.sh <path-to-memsim> <source-dir>      (ctest runs it)
#
# Every case asserts the README's promise for bad input: exit status 2, exactly
# one line on stderr (compared verbatim), nothing on stdout, and no output file
# left behind -- neither the --json / --cmd-trace targets nor a temporary
# "*.tmp.<pid>" file. Each run happens in a fresh temporary directory, so file
# names in messages are short relative paths and leftovers are easy to spot.
# The messages are the current ones; a deliberate wording change updates them here.
set -u

NAME=cli_errors
# shellcheck source=lib/cli-setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli-setup.sh" "$@"

# expect_ok <memsim args...>: exit status 0.
expect_ok() {
    local rc
    cases=$((cases + 1))
    "$MEMSIM" "$@" >stdout.txt 2>stderr.txt
    rc=$?
    [[ $rc -eq 0 ]] || fail "memsim $*: exit status $rc, expected 0; stderr: $(cat stderr.txt)"
}

# trace NAME CONTENT: writes NAME with printf-style escapes (\n, \t, \377).
trace() {
    # shellcheck disable=SC2059 # the format's escapes are the point
    printf -- "$2" >"$1"
}

P=(--preset DDR4-2400)
OUT=(--json out.json --cmd-trace cmd.csv)
SYN=(--synthetic random --requests 100)

# ---- command line and configuration keys --------------------------------
expect_fail "memsim: unknown command 'unknowncmd' (memsim --help)" unknowncmd
expect_fail "memsim: --preset: unknown preset 'DDR9-1' (memsim presets lists them)" \
    run --preset DDR9-1 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: no preset: set 'preset' in the config or use --preset NAME" \
    run "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: unknown key 'controller.sched' (memsim keys lists them)" \
    run "${P[@]}" -s controller.sched=fcfs "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: bad value 'lifo' for controller.scheduler: expected enum frfcfs|fcfs" \
    run "${P[@]}" -s controller.scheduler=lifo "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: timing.nPPD: DDR4 has no such parameter" \
    run "${P[@]}" -s timing.nPPD=10 "${SYN[@]}" --json out.json --cmd-trace cmd.csv
expect_fail "memsim: -s: timing.nCL: must be at least 1 clock" \
    run "${P[@]}" -s timing.nCL=0 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: dram.stacks: DDR4 has no stacks (HBM only)" \
    run "${P[@]}" -s dram.stacks=3 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: bad value '6' for dram.stack_height: expected int 4|8|12|16" \
    run --preset HBM3-6400 -s dram.stack_height=6 "${SYN[@]}" "${OUT[@]}"
# MRDIMM: its keys on other standards, and host timings that cannot work.
expect_fail "memsim: -s: dram.pcs: DDR5 has no multiplexed pseudo-channels (MRDIMM only)" \
    run --preset DDR5-4800 -s dram.pcs=2 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: dram.mux: HBM3 has no multiplexed pseudo-channels (MRDIMM only)" \
    run --preset HBM3-6400 -s dram.mux=false "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: bad value '3' for dram.pcs: expected int 2|4" \
    run --preset MRDIMM-8800 -s dram.pcs=3 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: timing.nCA_SLOT: 3 is not a multiple of the 2 host clocks of one device clock (every device command starts on a device clock edge)" \
    run --preset MRDIMM-8800 -s timing.nCA_SLOT=3 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: timing.nMUX: 4 host clocks is less than the 8 a read's host burst waits for the end of its device burst" \
    run --preset MRDIMM-8800 -s timing.nMUX=4 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: timing.nBL_HOST: must be at least 1 host clock" \
    run --preset MRDIMM-8800 -s timing.nBL_HOST=0 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: timing.nMUX: DDR5 has no such parameter" \
    run --preset DDR5-4800 -s timing.nMUX=3 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: refresh.mode: per-bank refresh (pb) needs a standard that has it (HBM); DDR4 has none" \
    run "${P[@]}" -s refresh.mode=pb "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: mapping.scheme: 'RoBaRaCoCh' lacks field Pc (pseudo-channels > 1)" \
    run --preset HBM2-2000 -s mapping.scheme=RoBaRaCoCh "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s controller.scheduler: expected KEY=VALUE" \
    run "${P[@]}" -s controller.scheduler "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s =fcfs: expected KEY=VALUE" \
    run "${P[@]}" -s =fcfs "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: dram.org: unknown organisation '3Gb_x8' for DDR4 (memsim presets lists them)" \
    run "${P[@]}" -s dram.org=3Gb_x8 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: refresh.mode: same-bank refresh (sb) needs a standard that has it (DDR5); DDR4 has none" \
    run "${P[@]}" -s refresh.mode=sb "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: mapping.scheme: 'RoBaCoCh' lacks field Ra (ranks > 1)" \
    run "${P[@]}" -s dram.ranks=2 -s mapping.scheme=RoBaCoCh "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: mapping.scheme: 'RoBaXxCoCh': field 'Xx' is unknown (expected Ch Pc Ra Bg Ba Ro Co)" \
    run "${P[@]}" -s mapping.scheme=RoBaXxCoCh "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: controller.write_low (30) must be below controller.write_high (24), which must not exceed controller.write_queue (32)" \
    run "${P[@]}" -s controller.write_low=30 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: run: unknown option '--bogus' (memsim run --help)" \
    run "${P[@]}" --bogus "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: run: give exactly one of --trace FILE or --synthetic PATTERN" \
    run "${P[@]}" "${OUT[@]}"
expect_fail "memsim: run: give exactly one of --trace FILE or --synthetic PATTERN" \
    run "${P[@]}" --trace t.trc "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: run: unexpected argument 'b.yaml' (one config file at most)" \
    run a.yaml b.yaml "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: --synthetic: unknown pattern 'zigzag' (expected random, stream or strided)" \
    run "${P[@]}" --synthetic zigzag "${OUT[@]}"
expect_fail "memsim: --read-ratio: expected a number from 0 to 1, got '2'" \
    run "${P[@]}" "${SYN[@]}" --read-ratio 2 "${OUT[@]}"
expect_fail "memsim: --requests: expected a non-negative integer, got '-5'" \
    run "${P[@]}" --synthetic random --requests -5 "${OUT[@]}"
expect_fail "memsim: --seed: expected a non-negative integer, got 'abc'" \
    run "${P[@]}" "${SYN[@]}" --seed abc "${OUT[@]}"
expect_fail "memsim: --requests: expected a value" \
    run "${P[@]}" --synthetic random "${OUT[@]}" --requests
expect_fail "memsim: run: --interval and --outstanding exclude each other" \
    run "${P[@]}" "${SYN[@]}" --interval 5 --outstanding 4 "${OUT[@]}"
expect_fail "memsim: --rate: expected a positive number (GB/s), got '0'" \
    run "${P[@]}" "${SYN[@]}" --rate 0 "${OUT[@]}"
expect_fail "memsim: --load: expected a positive number (fraction of peak bandwidth), got 'half'" \
    run "${P[@]}" "${SYN[@]}" --load half "${OUT[@]}"
expect_fail "memsim: run: give at most one of --interval, --rate, --load and --outstanding" \
    run "${P[@]}" "${SYN[@]}" --rate 5 --load 0.5 "${OUT[@]}"
expect_fail "memsim: run: --rate and --load pace synthetic requests; a trace has its own arrival times" \
    run "${P[@]}" --trace t.trc --load 0.5 "${OUT[@]}"
expect_fail "memsim: gen: --rate and --load need a memory clock; use --interval CYCLES" \
    gen --synthetic random --requests 10 --rate 3
expect_fail "memsim: --trace-format: unknown format 'xyz' (expected auto, memsim, ramulator, dramsim3 or dramsys)" \
    run "${P[@]}" --trace t.trc --trace-format xyz "${OUT[@]}"
expect_fail "memsim: cannot open trace 'missing.trc': No such file or directory" \
    run "${P[@]}" --trace missing.trc "${OUT[@]}"
# Every output is opened before the run and committed after it, so a bad JSON
# path leaves no command trace behind either.
expect_fail "memsim: cannot write 'nodir/out.json': No such file or directory" \
    run "${P[@]}" "${SYN[@]}" --json nodir/out.json --cmd-trace cmd.csv
expect_fail "memsim: cannot write 'nodir/cmd.csv': No such file or directory" \
    run "${P[@]}" "${SYN[@]}" --json out.json --cmd-trace nodir/cmd.csv

# ---- malformed traces: memsim format --------------------------------------
# (The trace path appears twice in run-time parse errors: see the note in the report.)
printf 'preset: DDR4-2400\n---\ndram.ranks: 2\n' > y_two.yaml
expect_fail "memsim: y_two.yaml:2: expected one YAML document, got a second" \
    run y_two.yaml "${SYN[@]}" "${OUT[@]}"
printf '? {preset: x}\n: y\n' > y_mapkey.yaml
expect_fail "memsim: y_mapkey.yaml:1: expected a key: value mapping, got a mapping as a key" \
    run y_mapkey.yaml "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: refresh interval 12 cycles is not longer than the 104 cycles one same-bank refresh (nREFSBRD, nRFCsb) needs (timing.nREFI too small?): refresh could never keep up" \
    run --preset DDR5-6400 -s refresh.mode=sb -s timing.nREFI=100 "${SYN[@]}" "${OUT[@]}"
trace m_empty.trc '# nothing but a comment\n\n'
expect_fail "memsim: m_empty.trc: the trace has no requests (only blank or '#' lines)" \
    run "${P[@]}" --trace m_empty.trc "${OUT[@]}"
: > m_zero.trc
expect_fail "memsim: m_zero.trc: the trace has no requests (only blank or '#' lines)" \
    run "${P[@]}" --trace m_zero.trc "${OUT[@]}"
trace m_op.trc '0 R 0x40\n5 X 0x80\n'
expect_fail "memsim: m_op.trc:2: expected R or W, got 'X'" run "${P[@]}" --trace m_op.trc "${OUT[@]}"
trace m_hex.trc '0 R 0x40\n5 R 0xZZ\n'
expect_fail "memsim: m_hex.trc:2: address '0xZZ' is not a hexadecimal number" \
    run "${P[@]}" --trace m_hex.trc "${OUT[@]}"
trace m_huge.trc '0 R 0x40\n99999999999999999999999 R 0x80\n'
expect_fail "memsim: m_huge.trc:2: number '99999999999999999999999' is out of range" \
    run "${P[@]}" --trace m_huge.trc "${OUT[@]}"
trace m_hugehex.trc '0 R 0x40\n5 R 0x1ffffffffffffffff\n'
expect_fail "memsim: m_hugehex.trc:2: number '0x1ffffffffffffffff' is out of range" \
    run "${P[@]}" --trace m_hugehex.trc "${OUT[@]}"
trace m_neg.trc '0 R 0x40\n-5 R 0x80\n'
expect_fail "memsim: m_neg.trc:2: arrival cycle '-5' is negative" \
    run "${P[@]}" --trace m_neg.trc "${OUT[@]}"
trace m_few.trc '0 R 0x40\n5 R\n'
expect_fail "memsim: m_few.trc:2: expected 3 or 4 fields, got 2" \
    run "${P[@]}" --trace m_few.trc "${OUT[@]}"
trace m_utf.trc '0 R 0x40\n5 R 0x\377\376\n'
expect_fail "memsim: m_utf.trc:2: address '0x\\xff\\xfe' is not a hexadecimal number" \
    run "${P[@]}" --trace m_utf.trc "${OUT[@]}"
trace m_dec.trc '10 R 0x40\n5 R 0x80\n'
expect_fail "memsim: m_dec.trc:2: arrival cycle 5 is before the previous request's 10" \
    run "${P[@]}" --trace m_dec.trc "${OUT[@]}"
trace m_size.trc '0 R 0x40 0\n'
expect_fail "memsim: m_size.trc:1: request size 0 is out of range (1..1048576)" \
    run "${P[@]}" --trace m_size.trc "${OUT[@]}"
trace m_cap.trc '0 R 0x40\n5 R 0xffffffffffff\n'
expect_fail "memsim: m_cap.trc:2: address 0xffffffffffff is beyond the memory's capacity of 8589934592 bytes (addresses 0x0 to 0x1ffffffff)" \
    run "${P[@]}" --trace m_cap.trc "${OUT[@]}"
# A bad line after thousands of good ones: the command trace has been written
# to its temporary file by then, and must still be removed.
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "%d R 0x%x\n", i * 4, i * 64; print "20000 Q 0x0" }' >m_late.trc
expect_fail "memsim: m_late.trc:5001: expected R or W, got 'Q'" \
    run "${P[@]}" --trace m_late.trc "${OUT[@]}"
trace m_detect.trc 'hello world foo\n'
expect_fail "memsim: m_detect.trc:1: cannot detect the trace format (expected \"<cycle> R|W <addr>\", \"LD|ST <addr>\", \"<addr> READ|WRITE <cycle>\" or \"<cycle>:<TAB>read|write<TAB><addr>\"; use --trace-format)" \
    run "${P[@]}" --trace m_detect.trc "${OUT[@]}"

# ---- malformed traces: Ramulator --------------------------------------------
trace r_op.trc 'LD 0x40\nLOAD 0x80\n'
expect_fail "memsim: r_op.trc:2: expected LD or ST, got 'LOAD'" run "${P[@]}" --trace r_op.trc "${OUT[@]}"
trace r_hex.trc 'LD 0x40\nST 0xZZ\n'
expect_fail "memsim: r_hex.trc:2: address '0xZZ' is not a number (decimal, or hexadecimal with 0x)" \
    run "${P[@]}" --trace r_hex.trc "${OUT[@]}"
trace r_huge.trc 'LD 0x40\nST 99999999999999999999999\n'
expect_fail "memsim: r_huge.trc:2: number '99999999999999999999999' is out of range" \
    run "${P[@]}" --trace r_huge.trc "${OUT[@]}"
trace r_neg.trc 'LD 0x40\nST -64\n'
expect_fail "memsim: r_neg.trc:2: address '-64' is negative" run "${P[@]}" --trace r_neg.trc "${OUT[@]}"
trace r_few.trc 'LD 0x40\nST\n'
expect_fail "memsim: r_few.trc:2: expected 2 fields, got 1" run "${P[@]}" --trace r_few.trc "${OUT[@]}"
trace r_utf.trc 'LD 0x40\nST 0x\377\n'
expect_fail "memsim: r_utf.trc:2: address '0x\\xff' is not a number (decimal, or hexadecimal with 0x)" \
    run "${P[@]}" --trace r_utf.trc "${OUT[@]}"
trace r_cap.trc 'LD 0x40\nST 0xffffffffffff\n'
expect_fail "memsim: r_cap.trc:2: address 0xffffffffffff is beyond the memory's capacity of 8589934592 bytes (addresses 0x0 to 0x1ffffffff)" \
    run "${P[@]}" --trace r_cap.trc "${OUT[@]}"

# ---- malformed traces: DRAMsim3 ---------------------------------------------
trace d_op.trc '0x40 READ 0\n0x80 FOO 5\n'
expect_fail "memsim: d_op.trc:2: expected READ or WRITE, got 'FOO'" run "${P[@]}" --trace d_op.trc "${OUT[@]}"
trace d_hex.trc '0x40 READ 0\n0xZZ READ 5\n'
expect_fail "memsim: d_hex.trc:2: address '0xZZ' is not a hexadecimal number" \
    run "${P[@]}" --trace d_hex.trc "${OUT[@]}"
trace d_huge.trc '0x40 READ 0\n0x80 READ 99999999999999999999999\n'
expect_fail "memsim: d_huge.trc:2: number '99999999999999999999999' is out of range" \
    run "${P[@]}" --trace d_huge.trc "${OUT[@]}"
trace d_neg.trc '0x40 READ 0\n0x80 READ -5\n'
expect_fail "memsim: d_neg.trc:2: arrival cycle '-5' is negative" run "${P[@]}" --trace d_neg.trc "${OUT[@]}"
trace d_few.trc '0x40 READ 0\n0x80 READ\n'
expect_fail "memsim: d_few.trc:2: expected 3 fields, got 2" run "${P[@]}" --trace d_few.trc "${OUT[@]}"
trace d_utf.trc '0x40 READ 0\n0x80 READ \377\n'
expect_fail "memsim: d_utf.trc:2: arrival cycle '\\xff' is not a decimal number" \
    run "${P[@]}" --trace d_utf.trc "${OUT[@]}"
trace d_cap.trc '0x40 READ 0\n0xffffffffffff WRITE 5\n'
expect_fail "memsim: d_cap.trc:2: address 0xffffffffffff is beyond the memory's capacity of 8589934592 bytes (addresses 0x0 to 0x1ffffffff)" \
    run "${P[@]}" --trace d_cap.trc "${OUT[@]}"

# ---- malformed traces: DRAMSys ----------------------------------------------
trace s_op.trc '0:\tread\t0x40\n5:\tfetch\t0x80\n'
expect_fail "memsim: s_op.trc:2: expected read or write, got 'fetch'" run "${P[@]}" --trace s_op.trc "${OUT[@]}"
trace s_hex.trc '0:\tread\t0x40\n5:\tread\t0xZZ\n'
expect_fail "memsim: s_hex.trc:2: address '0xZZ' is not a hexadecimal number" \
    run "${P[@]}" --trace s_hex.trc "${OUT[@]}"
trace s_huge.trc '0:\tread\t0x40\n99999999999999999999999:\tread\t0x80\n'
expect_fail "memsim: s_huge.trc:2: number '99999999999999999999999' is out of range" \
    run "${P[@]}" --trace s_huge.trc "${OUT[@]}"
trace s_neg.trc '0:\tread\t0x40\n-5:\tread\t0x80\n'
expect_fail "memsim: s_neg.trc:2: time '-5' is negative" run "${P[@]}" --trace s_neg.trc "${OUT[@]}"
trace s_few.trc '0:\tread\t0x40\n5:\tread\n'
expect_fail "memsim: s_few.trc:2: expected at least 3 fields, got 2" \
    run "${P[@]}" --trace s_few.trc "${OUT[@]}"
trace s_utf.trc '0:\tread\t0x40\n5:\twr\303(te\t0x80\n'
expect_fail "memsim: s_utf.trc:2: expected read or write, got 'wr\\xc3(te'" \
    run "${P[@]}" --trace s_utf.trc "${OUT[@]}"
trace s_len.trc '0:\t(32\tread\t0x40\n'
expect_fail "memsim: s_len.trc:1: expected '(<length>)', got '(32'" \
    run "${P[@]}" --trace s_len.trc "${OUT[@]}"
trace s_cap.trc '0:\tread\t0x40\n5:\twrite\t0xffffffffffff\n'
expect_fail "memsim: s_cap.trc:2: address 0xffffffffffff is beyond the memory's capacity of 8589934592 bytes (addresses 0x0 to 0x1ffffffff)" \
    run "${P[@]}" --trace s_cap.trc "${OUT[@]}"

# ---- YAML configuration files -------------------------------------------------
printf 'preset: DDR4-2400\ncontroller:\n  scheduler: fcfs\n  sched: fcfs\n' >y_key.yaml
expect_fail "memsim: y_key.yaml:4: unknown key 'controller.sched' (memsim keys lists them)" \
    run y_key.yaml "${SYN[@]}" "${OUT[@]}"
printf 'preset: DDR4-2400\ncontroller:\n  scheduler: lifo\n' >y_value.yaml
expect_fail "memsim: y_value.yaml:3: bad value 'lifo' for controller.scheduler: expected enum frfcfs|fcfs" \
    run y_value.yaml "${SYN[@]}" "${OUT[@]}"
printf 'preset: DDR4-2400: x\n' >y_syntax.yaml
expect_fail "memsim: y_syntax.yaml:1: mapping values are not allowed in this context" \
    run y_syntax.yaml "${SYN[@]}" "${OUT[@]}"
printf 'preset: DDR4-2400\n\tcontroller: x\n' >y_tab.yaml
expect_fail "memsim: y_tab.yaml:2: found a tab character that violates indentation" \
    run y_tab.yaml "${SYN[@]}" "${OUT[@]}"
printf 'preset: DDR4-2400\ncontroller:\n  scheduler:\n    - fcfs\n    - frfcfs\n' >y_list.yaml
expect_fail "memsim: y_list.yaml:4: expected a key: value mapping, got a list" \
    run y_list.yaml "${SYN[@]}" "${OUT[@]}"
printf 'preset: DDR4-2400\ndram:\n  channels: [1, 2]\n' >y_flow.yaml
expect_fail "memsim: y_flow.yaml:3: expected a key: value mapping, got a list" \
    run y_flow.yaml "${SYN[@]}" "${OUT[@]}"
printf 'preset\n' >y_alone.yaml
expect_fail "memsim: y_alone.yaml:2: expected 'key: value', got 'preset' alone" \
    run y_alone.yaml "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: cannot open config 'missing.yaml': No such file or directory" \
    run missing.yaml "${SYN[@]}" "${OUT[@]}"
# -s is applied after the file: a bad -s is reported even when the file is good.
printf 'preset: DDR4-2400\n' >y_good.yaml
expect_fail "memsim: -s: bad value 'lifo' for controller.scheduler: expected enum frfcfs|fcfs" \
    run y_good.yaml -s controller.scheduler=lifo "${SYN[@]}" "${OUT[@]}"

# ---- memsim check -----------------------------------------------------------------
expect_fail "memsim: cannot open 'missing.csv': No such file or directory" check missing.csv
expect_fail "memsim: check: usage: memsim check CMD_TRACE" check
expect_fail "memsim: check: usage: memsim check CMD_TRACE" check a.csv b.csv
printf 'garbage\n' >c_header.csv
expect_fail "memsim: c_header.csv:1: expected the CSV header 't_ps,clk,ch,pc,rank,bg,bank,row,col,cmd', got 'garbage'" \
    check c_header.csv
expect_ok run "${P[@]}" --synthetic random --requests 200 --cmd-trace good.csv --quiet
# The first ACT line of a good trace, made malformed in two ways.
n=$(grep -n -m1 ',ACT$' good.csv | cut -d: -f1)
sed "${n}s/,ACT\$/,XYZ/" good.csv >c_cmd.csv
expect_fail "memsim: c_cmd.csv:$n: unknown command 'XYZ' (expected ACT, PRE, PREA, PRESB, RD, RDA, WR, WRA, REF or REFSB)" \
    check c_cmd.csv
sed -E "${n}s/^([0-9]+),[0-9]+,/\\1,zz,/" good.csv >c_clk.csv
expect_fail "memsim: c_clk.csv:$n: expected a non-negative integer for clk, got 'zz'" check c_clk.csv
head -n 5 good.csv >c_trunc.csv
expect_fail "memsim: c_trunc.csv:6: unexpected end of file (expected the CSV header 't_ps,clk,ch,pc,rank,bg,bank,row,col,cmd')" \
    check c_trunc.csv

# ---- energy model: power.* keys and memsim drampower ------------------------------
expect_fail "memsim: -s: bad value '-1.5' for power.idd4r: expected number 0..100000" \
    run "${P[@]}" -s power.idd4r=-1.5 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: -s: power.rate_mts: must be at least 1" \
    run "${P[@]}" -s power.rate_mts=0 "${SYN[@]}" "${OUT[@]}"
expect_fail "memsim: cannot open 'missing.csv': No such file or directory" \
    drampower missing.csv --out dp.csv
expect_fail "memsim: good.csv:$((n - 1)): channel 5: the trace has 1 channel" \
    drampower good.csv --channel 5 --out dp.csv
expect_fail "memsim: drampower: usage: memsim drampower CMD_TRACE [--channel N] [--end CYCLE] [--out FILE]" \
    drampower
expect_fail "memsim: --channel: expected a non-negative integer, got 'x'" drampower good.csv --channel x
[[ ! -e dp.csv ]] || fail "drampower left dp.csv behind"

# ---- memsim llm ---------------------------------------------------------------------
# Every case names --json out.json: the output is opened before the step is
# simulated and must be gone after an error found at any stage.
LLM=(--chip trn2 --model llama3-8b)
expect_fail "memsim: llm: unknown option '--bogus' (memsim llm --help)" \
    llm "${LLM[@]}" --bogus --json out.json
expect_fail "memsim: llm: --chip and --model are required (memsim llm --help)" \
    llm --model llama3-8b --json out.json
expect_fail "memsim: llm: --chip and --model are required (memsim llm --help)" \
    llm --chip trn2 --json out.json
expect_fail "memsim: llm: --chip needs a value" llm --model llama3-8b --json out.json --chip
expect_fail "memsim: --chip: unknown accelerator 'trn9' (memsim llm --list)" \
    llm --chip trn9 --model llama3-8b --json out.json
expect_fail "memsim: --model: unknown model 'llama9' (memsim llm --list, or a YAML file)" \
    llm --chip trn2 --model llama9 --json out.json
expect_fail "memsim: --phase: expected decode, prefill or train, got 'sample'" \
    llm "${LLM[@]}" --phase sample --json out.json
expect_fail "memsim: --batch: expected an integer from 1 to 16777216, got '0'" \
    llm "${LLM[@]}" --batch 0 --json out.json
expect_fail "memsim: --ctx: expected an integer from 1 to 16777216, got 'abc'" \
    llm "${LLM[@]}" --ctx abc --json out.json
expect_fail "memsim: --tp: expected an integer from 1 to 1024, got '2000'" \
    llm "${LLM[@]}" --tp 2000 --json out.json
expect_fail "memsim: --tolerance: expected a fraction between 0 and 1 (0.02 = 2 %), got '2'" \
    llm "${LLM[@]}" --tolerance 2 --json out.json
expect_fail "memsim: --seed: expected a non-negative integer, got '-1'" \
    llm "${LLM[@]}" --seed -1 --json out.json
expect_fail "memsim: cannot write 'nodir/out.json': No such file or directory" \
    llm "${LLM[@]}" --json nodir/out.json
# Errors of the step itself come after --json was opened.
expect_fail "memsim: --tp 3 does not divide the model's 32 attention heads" \
    llm "${LLM[@]}" --tp 3 --json out.json
# 141.8 GB of weights on a 34.4 GB chip: refused from the plan's footprint,
# before a cycle is simulated (simulating it would take minutes).
expect_fail "memsim: llama3-70b: the step needs 141.8 GB of memory per chip but inf2 has 34.4 GB: use more chips (--tp), a smaller batch or context, or 1-byte weights" \
    llm --chip inf2 --model llama3-70b --json out.json
printf 'name: bad\nlayers: 2\nhidden: 256\nheads: 8\nffn: 512\nvocab: 1000\nexpert: 4\n' >l_model.yaml
expect_fail "memsim: l_model.yaml:7: unknown key 'expert'; expected one of: name, layers, hidden, heads, kv_heads, head_dim, ffn, vocab, experts, experts_per_token, gated_ffn, dtype_bytes, kv_bytes" \
    llm --chip trn2 --model l_model.yaml --json out.json
expect_fail "memsim: l_missing.yaml: cannot open: No such file or directory" \
    llm --chip trn2 --model l_missing.yaml --json out.json
printf 'base: trn2\ndma:\n  gbs: 10\n' >l_chip.yaml
expect_fail "memsim: l_chip.yaml:3: unknown key 'dma.gbs'; expected one of: base, name, note, cores, tflops.fp32, tflops.bf16, tflops.fp8, compute_efficiency, sram_mib, buffers, dma.engines, dma.gbps, dma.outstanding, memory, memory_set.KEY" \
    llm --chip l_chip.yaml --model llama3-8b --json out.json
printf 'name: l_mem\nbase: trn2\nmemory: HBM9-1\n' >l_mem.yaml
expect_fail "memsim: l_mem: memory 'HBM9-1': config: unknown preset 'HBM9-1' (memsim presets lists them)" \
    llm --chip l_mem.yaml --model llama3-8b --json out.json

if ((failed)); then
    echo "cli_errors: $failed of $cases cases failed" >&2
    exit 1
fi
echo "cli_errors: all $cases cases passed"
