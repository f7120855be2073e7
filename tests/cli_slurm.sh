#!/usr/bin/env bash
# cli_slurm.sh - `memsim sweep` through a real Slurm cluster gives exactly the
# table a local run gives.
#
#   bash tests/cli_slurm.sh <path-to-memsim> <source-dir>      (ctest runs it)
#
# Brings up a private single-node cluster (munged, slurmctld, slurmd from
# Debian's munge and slurm-wlm, installed with apt-get when missing) inside the
# test's temporary directory -- its own slurm.conf, munge key and socket, free
# random ports, no systemd, no cgroups, nothing under /etc or /run touched --
# see tests/lib/slurm-cluster.sh. Then:
#   - a trivial job array proves the cluster runs jobs;
#   - one 6-point sweep runs three ways: locally with --jobs 2; with
#     --slurm --submit --tasks 3 --poll 1; with --slurm --tasks 2, a manual
#     sbatch, a squeue wait and `memsim sweep collect`;
#   - results.csv and results.jsonl of the three are byte-identical, and the
#     two Slurm runs really were Slurm job arrays whose tasks all completed
#     (slurmctld's job records, since there is no accounting for sacct).
# The daemons are stopped (by PID) on exit, whatever happens. The only skip:
# not root and the packages are missing ("SKIP: ..." and exit status 0).
# Takes 10-15 s; the cluster comes up in 1-2 s.
set -u

NAME=cli_slurm
# shellcheck source=lib/cli-setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli-setup.sh" "$@"
# shellcheck source=lib/slurm-cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/slurm-cluster.sh"

# Stop the daemons before the directory holding their pid files goes; exit
# (and so run this trap) on the usual signals too.
trap 'slurm_down; cd /; rm -rf "$T"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

finish() {
    if ((failed)); then
        echo "$NAME: $failed failures in $cases cases" >&2
        exit 1
    fi
    echo "$NAME: all $cases cases passed"
    exit 0
}

# ---- packages and cluster ------------------------------------------------------------
cases=$((cases + 1))
slurm_packages
case $? in
0) ;;
2) exit 0 ;; # "SKIP: ..." printed
*)
    fail "could not install munge and slurm-wlm with apt-get (see above)"
    finish
    ;;
esac

cases=$((cases + 1))
if ! slurm_up "$T/cluster"; then
    fail "the Slurm cluster did not come up (daemon logs above)"
    finish
fi
echo "$NAME: cluster '$SLURM_NODE' up in ${SLURM_UP_SECONDS}s (SLURM_CONF=$SLURM_CONF)"

# expect_tasks ARRAY_JOB_ID N WHAT [DIR]: slurmctld remembers job ARRAY_JOB_ID
# as an array of exactly N tasks, all COMPLETED with exit code 0:0, each of
# whose output file exists (under DIR, if given).
expect_tasks() {
    local jid=$1 n=$2 what=$3 dir=${4:-} rows bad
    rows=$(slurm_jobs | awk -F'\t' -v j="$jid" '$1 == j')
    if [[ $(grep -c . <<<"$rows") -ne $n ]] || grep -q $'\t-\t' <<<"$rows"; then
        fail "$what: job $jid is not an array of $n tasks; slurmctld has:"$'\n'"$(slurm_jobs)"
        return 1
    fi
    bad=$(awk -F'\t' '$3 != "COMPLETED" || $4 != "0:0"' <<<"$rows")
    [[ -z $bad ]] || fail "$what: tasks of job $jid did not all complete:"$'\n'"$bad"
    local out
    while IFS=$'\t' read -r _ _ _ _ out; do
        [[ -f $out ]] || fail "$what: task output file $out of job $jid does not exist"
        [[ -z $dir || $out == "$dir"/* ]] || fail "$what: task output file $out of job $jid is not under $dir"
    done <<<"$rows"
}

# new_array_jobs BEFORE: the array job ids slurmctld knows that are not in BEFORE.
new_array_jobs() {
    comm -13 <(sort -u <<<"$1") <(slurm_jobs | cut -f1 | sort -u)
}

# ---- sanity: a trivial job array runs ------------------------------------------------------
cases=$((cases + 1))
mkdir array && cd array || exit 1
# shellcheck disable=SC2016 # expanded by the job, not here
jid=$(sbatch --parsable --array=0-2 --output=slurm-%A_%a.out \
    --wrap 'echo $SLURM_ARRAY_TASK_ID > out.$SLURM_ARRAY_TASK_ID' 2>sbatch.err)
jid=${jid%%;*}
if [[ ! $jid =~ ^[0-9]+$ ]]; then
    fail "sbatch of a trivial job array failed: $(cat sbatch.err)"
    slurm_logs
    finish
fi
if ! slurm_wait_jobs 30 "$jid"; then
    fail "the trivial job array $jid did not finish within 30 s"
    finish
fi
for i in 0 1 2; do
    [[ $(cat "out.$i" 2>/dev/null) == "$i" ]] || fail "array task $i wrote '$(cat "out.$i" 2>&1)' to out.$i"
    [[ -f slurm-${jid}_$i.out ]] || fail "no Slurm output file slurm-${jid}_$i.out for array task $i"
done
expect_tasks "$jid" 3 "trivial job array"
cd "$T" || exit 1
((failed)) && finish # no point sweeping on a cluster that does not run jobs

# ---- the sweep, three ways ------------------------------------------------------------------
# expect_rc WANT CMD...: CMD exits WANT; its stdout/stderr in stdout.txt/stderr.txt.
expect_rc() {
    local want=$1 rc
    shift
    cases=$((cases + 1))
    "$@" >stdout.txt 2>stderr.txt
    rc=$?
    [[ $rc -eq $want ]] ||
        fail "${*#"$MEMSIM"}: exit status $rc, expected $want; stdout:"$'\n'"$(head -c 2000 stdout.txt)"$'\n'"stderr:"$'\n'"$(head -c 2000 stderr.txt)"
    return $rc
}

cases=$((cases + 1))
if ! "$MEMSIM" sweep --help >stdout.txt 2>stderr.txt; then
    fail "memsim sweep --help failed (is 'memsim sweep' built?): $(head -c 500 stderr.txt)"
    finish
fi

cat >sweep.yaml <<'EOF'
# 6 points of a few thousand requests each
run:
  synthetic: random
  requests: 3000
  seed: 11
axes:
  preset: [DDR4-2400, DDR5-4800]
  load: [0.2, 0.5, 0.9]
EOF
POINTS=6

# results_ok DIR WHAT: DIR/results.csv is a header and POINTS rows, and
# DIR/results.jsonl is POINTS lines of JSON objects.
results_ok() {
    local dir=$1 what=$2 rows
    cases=$((cases + 1))
    if [[ ! -s $dir/results.csv || ! -s $dir/results.jsonl ]]; then
        fail "$what: $dir/results.csv or results.jsonl missing or empty: $(ls -l "$dir" 2>&1)"
        return 1
    fi
    rows=$(($(wc -l <"$dir/results.csv") - 1))
    [[ $rows -eq $POINTS ]] || fail "$what: results.csv has $rows rows, expected $POINTS"
    python3 - "$dir/results.jsonl" "$POINTS" <<'EOF' || fail "$what: results.jsonl is not $POINTS JSON objects"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
if len(lines) != int(sys.argv[2]):
    sys.exit(f"  {len(lines)} lines")
for n, line in enumerate(lines, 1):
    try:
        assert isinstance(json.loads(line), dict)
    except Exception as e:
        sys.exit(f"  line {n}: {type(e).__name__} {e}")
EOF
}

# 1. local, two worker processes
expect_rc 0 "$MEMSIM" sweep sweep.yaml --jobs 2 --out local --quiet
results_ok local "local sweep"

# 2. --slurm --submit: memsim writes the job array, submits it, polls squeue, collects
before=$(slurm_jobs | cut -f1)
expect_rc 0 "$MEMSIM" sweep sweep.yaml --out submit --slurm --tasks 3 --submit --poll 1
cases=$((cases + 1))
for f in plan.tsv sweep.sbatch; do
    [[ -s submit/$f ]] || fail "--slurm --submit left no submit/$f"
done
new=$(new_array_jobs "$before")
if [[ $(grep -c . <<<"$new") -ne 1 ]]; then
    fail "--slurm --submit: expected one new Slurm job, found '${new//$'\n'/ }'; slurmctld has:"$'\n'"$(slurm_jobs)"
else
    expect_tasks "$new" 3 "--slurm --submit --tasks 3" "$(cd submit && pwd -P)"
fi
results_ok submit "--slurm --submit"

# 3. --slurm, then sbatch by hand, wait, collect
expect_rc 0 "$MEMSIM" sweep sweep.yaml --out manual --slurm --tasks 2
cases=$((cases + 1))
for f in plan.tsv sweep.sbatch; do
    [[ -s manual/$f ]] || fail "--slurm left no manual/$f"
done
[[ -e manual/results.csv ]] && fail "--slurm (no --submit) already wrote manual/results.csv"
grep -q sbatch stdout.txt || fail "--slurm did not say how to submit:"$'\n'"$(cat stdout.txt)"
cases=$((cases + 1))
jid=$(cd manual && sbatch --parsable sweep.sbatch 2>sbatch.err)
jid=${jid%%;*}
if [[ ! $jid =~ ^[0-9]+$ ]]; then
    fail "sbatch manual/sweep.sbatch failed: $(cat manual/sbatch.err)"
elif slurm_wait_jobs 60 "$jid"; then
    expect_tasks "$jid" 2 "sbatch manual/sweep.sbatch (--tasks 2)" "$(cd manual && pwd -P)"
    expect_rc 0 "$MEMSIM" sweep collect manual
    results_ok manual "--slurm + sbatch + collect"
else
    fail "job $jid of manual/sweep.sbatch did not finish within 60 s"
fi

# ---- the three tables are the same, byte for byte --------------------------------------
for d in submit manual; do
    for f in results.csv results.jsonl; do
        cases=$((cases + 1))
        [[ -f $d/$f && -f local/$f ]] || {
            fail "$d/$f or local/$f missing"
            continue
        }
        cmp -s "local/$f" "$d/$f" ||
            fail "$d/$f differs from the local run's:"$'\n'"$(diff "local/$f" "$d/$f" | head -20)"
    done
done

finish
