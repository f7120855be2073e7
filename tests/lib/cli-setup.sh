# cli-setup.sh - sourced by tests/cli_*.sh: argument checks, a fresh temporary
# working directory removed on exit, the case/failure counters, and expect_fail.
# Usage: NAME=cli_x; source "$(dirname "$0")/lib/cli-setup.sh" "$@"
MEMSIM=${1:?usage: $NAME.sh MEMSIM_BINARY SOURCE_DIR}
SRC=${2:?usage: $NAME.sh MEMSIM_BINARY SOURCE_DIR}
case $MEMSIM in /*) ;; *) MEMSIM=$PWD/$MEMSIM ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/memsim-$NAME.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

cases=0
failed=0

fail() {
    echo "FAIL [$cases] $*" >&2
    failed=$((failed + 1))
}

# expect_fail "<exact stderr line>" <memsim args...>: bad input is refused with exit
# status 2 and exactly that one line on stderr, nothing on stdout, and no output file
# (named by --json, --cmd-trace or --out) or temporary file left behind.
expect_fail() {
    local want=$1 rc outs=() prev='' a
    shift
    cases=$((cases + 1))
    for a in "$@"; do # the output files this command names
        if [[ $prev == --json || $prev == --cmd-trace || $prev == --out ]] && [[ $a != - ]]; then
            outs+=("$a")
        fi
        prev=$a
    done
    rm -f -- "${outs[@]}" stdout.txt stderr.txt
    "$MEMSIM" "$@" >stdout.txt 2>stderr.txt
    rc=$?
    local got lines
    got=$(cat stderr.txt)
    lines=$(wc -l <stderr.txt)
    [[ $rc -eq 2 ]] || fail "memsim $*: exit status $rc, expected 2"
    [[ $lines -eq 1 && $got == "$want" ]] ||
        fail "memsim $*: stderr ($lines lines) was:"$'\n'"$got"$'\n'"expected:"$'\n'"$want"
    [[ ! -s stdout.txt ]] || fail "memsim $*: unexpected stdout: $(head -c 200 stdout.txt)"
    for a in "${outs[@]}"; do
        [[ ! -e $a ]] || fail "memsim $*: output file '$a' was left behind"
    done
    local tmps
    tmps=$(find . -name '*.tmp.*' -print)
    [[ -z $tmps ]] || fail "memsim $*: temporary files left behind: $tmps"
    rm -f -- "${outs[@]}" ./*.tmp.* 2>/dev/null
}
