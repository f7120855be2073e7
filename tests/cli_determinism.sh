#!/usr/bin/env bash
# cli_determinism.sh MEMSIM SRCDIR - the same inputs and seed give byte-identical
# JSON and command traces: twice with the same binary, and between the -O2
# (Release) binary and the same sources built at -O0 (memsim-O0, beside it).
set -u
memsim=$1
o0="$(dirname "$memsim")/memsim-O0"
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
[ -x "$o0" ] || { echo "missing $o0"; exit 1; }

cases=(
  "--preset DDR4-2400 --synthetic random --requests 20000 --seed 5"
  "--preset DDR5-4800 --synthetic random --read-ratio 0.6667 --requests 20000 -s dram.ranks=2 -s refresh.mode=sb"
  "--preset DDR5-6400 --synthetic stream --requests 20000 -s controller.page_policy=adaptive -s stats.epoch=2000"
  "--preset DDR4-3200 --synthetic strided --stride 8256 --read-ratio 0.5 --requests 20000 --interval 7"
  "$src/configs/ddr5-6400-rdimm.yaml --synthetic random --requests 20000 --outstanding 12 --seed 9"
)
for i in "${!cases[@]}"; do
  # shellcheck disable=SC2086
  "$memsim" run ${cases[$i]} --json "$tmp/a.json" --cmd-trace "$tmp/a.csv" -q || { echo "case $i failed"; fail=1; continue; }
  # shellcheck disable=SC2086
  "$memsim" run ${cases[$i]} --json "$tmp/b.json" --cmd-trace "$tmp/b.csv" -q
  # shellcheck disable=SC2086
  "$o0" run ${cases[$i]} --json "$tmp/c.json" --cmd-trace "$tmp/c.csv" -q
  for x in b c; do
    cmp -s "$tmp/a.json" "$tmp/$x.json" || { echo "case $i: JSON differs ($x)"; fail=1; }
    cmp -s "$tmp/a.csv" "$tmp/$x.csv" || { echo "case $i: command trace differs ($x)"; fail=1; }
  done
  echo "case $i: $(wc -l < "$tmp/a.csv") trace lines identical across runs and -O0/-O2"
done
exit $fail
