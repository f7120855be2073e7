# cli-setup.sh - sourced by tests/cli_*.sh: argument checks, a fresh temporary
# working directory removed on exit, and the case/failure counters.
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
