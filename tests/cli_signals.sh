#!/usr/bin/env bash
# cli_signals.sh MEMSIM SRCDIR - an interrupted run (SIGINT, SIGTERM) stops
# promptly, says how far it got, exits 128+signal and leaves no output file,
# not even a temporary one.
set -u
memsim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$tmp" || exit 1
for sig in INT TERM; do
  "$memsim" run --preset DDR4-2400 --synthetic random --requests 1000000000 \
      --json out.json --cmd-trace cmd.csv -q 2> err.txt &
  pid=$!
  sleep 1
  kill -s "$sig" "$pid"
  start=$(date +%s)
  wait "$pid"
  rc=$?
  waited=$(( $(date +%s) - start ))
  want=$(( 128 + $(kill -l "$sig") ))
  [ "$rc" -eq "$want" ] || { echo "SIG$sig: exit $rc, expected $want"; fail=1; }
  [ "$waited" -le 5 ] || { echo "SIG$sig: took ${waited}s to stop"; fail=1; }
  grep -Eq '^memsim: interrupted after [0-9]+ requests \([0-9.]+ us simulated\); no output written$' err.txt \
    || { echo "SIG$sig: stderr was: $(cat err.txt)"; fail=1; }
  [ "$(wc -l < err.txt)" -eq 1 ] || { echo "SIG$sig: more than one line on stderr"; fail=1; }
  left=$(ls -A)
  [ "$left" = "err.txt" ] || { echo "SIG$sig: files left behind: $left"; fail=1; }
  rm -f err.txt
done
[ $fail -eq 0 ] && echo "interrupted runs leave no output"
exit $fail
