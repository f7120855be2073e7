#!/usr/bin/env bash
# fuzz/run.sh - what `make fuzz` runs: builds every fuzz/fuzz_*.c with clang's
# libFuzzer, ASan and UBSan straight from the library sources, then runs each
# target for FUZZ_SECONDS on a working copy of its seed corpus.
#
#   FUZZ_SECONDS  seconds per target (default 60)
#   BUILD_FUZZ    output directory (default build-fuzz)
#   FUZZ_TARGETS  targets to run (default: all, e.g. "trace check")
#   FUZZ_FLAGS    extra libFuzzer flags
#
# Layout under $BUILD_FUZZ: fuzz_<t> binaries, corpus/<t>/ (the working corpus,
# seeded from fuzz/corpus/<t>/, which is never written), crashes/<t>/ (inputs
# that crashed, leaked, hit UB, timed out or ran out of memory), logs/<t>.log.
# Exit status 1 when any target failed. A crash input replays with
# `$BUILD_FUZZ/fuzz_<t> FILE`; minimise it with `-minimize_crash=1 -runs=10000`,
# then add it to tests/fuzz_regress/<t>/ (test_fuzz_regress replays them).
set -u
cd "$(dirname "$0")/.."
SECONDS_PER=${FUZZ_SECONDS:-60}
OUT=${BUILD_FUZZ:-build-fuzz}
CC=${FUZZ_CC:-clang}
TARGETS=${FUZZ_TARGETS:-$(ls fuzz/fuzz_*.c | sed 's|fuzz/fuzz_||; s|\.c$||')}
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fno-omit-frame-pointer -Iinclude -Isrc -I."

mkdir -p "$OUT/obj" "$OUT/logs" "$OUT/run"
ROOT=$(pwd)
OUT_ABS=$(cd "$OUT" && pwd)
echo "building the fuzz targets in $OUT/ ..."
# The library once, instrumented for coverage but without libFuzzer's main.
objs=()
for src in $(find src -name '*.c' | sort); do
    obj="$OUT/obj/$(echo "${src%.c}" | tr / _).o"
    if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src include -name '*.h' -newer "$obj")" ]; then
        $CC $CFLAGS -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
            -c "$src" -o "$obj" || exit 1
    fi
    objs+=("$obj")
done
# fuzz_cli also needs the command-line tool, its main renamed.
tool_objs=()
for src in $(case " $(echo $TARGETS) " in *" cli "*) ls tools/*.c ;; esac); do
    obj="$OUT/obj/$(echo "${src%.c}" | tr / _).o"
    $CC $CFLAGS -Dmain=memsim_cli_main -fsanitize=fuzzer-no-link,address,undefined \
        -fno-sanitize-recover=undefined -c "$src" -o "$obj" || exit 1
    tool_objs+=("$obj")
done
for t in $TARGETS; do
    extra=()
    [ "$t" = cli ] && extra=("${tool_objs[@]}")
    $CC $CFLAGS $SAN "fuzz/fuzz_$t.c" "${extra[@]}" "${objs[@]}" -lyaml -lm -o "$OUT/fuzz_$t" || exit 1
done

failed=""
printf '%-8s %12s %8s  %s\n' target runs seconds result
for t in $TARGETS; do
    corpus="$OUT/corpus/$t"
    crashes="$OUT/crashes/$t"
    mkdir -p "$corpus" "$crashes"
    [ -d "fuzz/corpus/$t" ] && cp -r "fuzz/corpus/$t/." "$corpus/"
    dict=()
    [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=$ROOT/fuzz/dict/$t.dict")
    log="$OUT/logs/$t.log"
    # From an empty scratch directory; new inputs go to corpus/<t>/, artifacts to crashes/<t>/.
    (cd "$OUT_ABS/run" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$OUT_ABS/fuzz_$t" -max_total_time="$SECONDS_PER" -rss_limit_mb=2048 -timeout=10 \
        -close_fd_mask=1 -print_final_stats=1 -artifact_prefix="$OUT_ABS/crashes/$t/" \
        "${dict[@]}" ${FUZZ_FLAGS:-} "$OUT_ABS/corpus/$t" >"$OUT_ABS/logs/$t.log" 2>&1)
    rc=$?
    done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    runs=$(echo "$done_line" | awk '{print $2}')
    secs=$(echo "$done_line" | awk '{print $5}')
    if [ $rc -eq 0 ]; then
        result=ok
    else
        result="FAILED (exit $rc): $(ls "$crashes" | head -3 | tr '\n' ' ')see $log"
        failed="$failed $t"
    fi
    printf '%-8s %12s %8s  %s\n' "$t" "${runs:--}" "${secs:--}" "$result"
done
if [ -n "$failed" ]; then
    echo "fuzz: failures in:$failed"
    exit 1
fi
echo "fuzz: no crashes, leaks or UB in $SECONDS_PER s per target"
