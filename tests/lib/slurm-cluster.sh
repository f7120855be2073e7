# shellcheck shell=bash disable=SC2034 # SLURM_* variables are for the sourcing test
# slurm-cluster.sh - sourced by tests that need a real Slurm cluster: brings up
# a private single-node cluster (munged, slurmctld, slurmd from Debian's munge
# and slurm-wlm packages) entirely inside one directory, and tears it down.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/slurm-cluster.sh"
#   slurm_packages  || ...          # 0 ready, 2 skip (not root, packages missing), 1 failed
#   slurm_up DIR    || ...          # start the daemons, wait for the node to be idle
#   slurm_wait_jobs SECONDS ID...   # poll squeue until the jobs are gone
#   slurm_jobs                      # what ran: array job, task, state, exit code, output file
#   slurm_logs                      # tails of the daemon logs, for failure reports
#   slurm_down                      # stop what slurm_up started (call it from an EXIT trap)
#
# Everything lives under DIR: munge key, socket, pid, log and seed files,
# slurm.conf, the state save and spool directories and the daemons' logs.
# Nothing under /etc/munge, /etc/slurm, /run or /var is read or written, no
# systemd, no cgroups (proctrack/linuxproc, task/none), no accounting.
# slurm_up exports SLURM_CONF so sbatch, squeue, sinfo, scontrol and scancel
# (and jobs, which inherit the environment) talk to this cluster only.
# slurm_down stops only the processes slurm_up started, by their PIDs (each
# checked against its expected command name first), and waits for them to exit.
# A watchdog does the same if the test shell dies without running its traps
# (SIGKILL, e.g. a ctest timeout).

SLURM_DIR=
SLURM_NODE=
SLURM_PIDS=()        # munged slurmctld slurmd, in start order
SLURM_WATCHDOG=
SLURM_UP_SECONDS=

# slurm_packages: make sure munge and slurm-wlm are installed. Returns 0 when
# they are, 2 (after printing "SKIP: ...") when they are missing and we cannot
# install them (not root), 1 (after printing why) when apt-get failed.
slurm_packages() {
    local missing=() p log
    for p in munge slurm-wlm; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    # munged, slurmctld and slurmd live in /usr/sbin, not always on a user's PATH.
    [[ :$PATH: == *:/usr/sbin:* ]] || PATH=$PATH:/usr/sbin
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "SKIP: Slurm test needs packages ${missing[*]}, which are not installed, and we are not root to install them"
        return 2
    fi
    log=$(mktemp "${TMPDIR:-/tmp}/memsim-slurm-apt.XXXXXX")
    echo "installing ${missing[*]} with apt-get ..."
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$log" 2>&1; then
        # Stale or absent package lists are the usual reason: refresh and retry once.
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq "${missing[@]}"; } >>"$log" 2>&1; then
            echo "slurm-cluster: apt-get install ${missing[*]} failed:" >&2
            tail -n 20 "$log" >&2
            rm -f "$log"
            return 1
        fi
    fi
    rm -f "$log"
    for p in "${missing[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || { echo "slurm-cluster: $p still not installed after apt-get" >&2; return 1; }
    done
    return 0
}

# _slurm_port_free PORT: nothing listens on or is connected from PORT.
_slurm_port_free() {
    if command -v ss >/dev/null 2>&1; then
        [[ -z $(ss -Htan "( sport = :$1 )" 2>/dev/null) ]]
    else
        ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# _slurm_pick_ports N: N distinct free TCP ports in 20000-39999, space-separated.
_slurm_pick_ports() {
    local n=$1 p tries=0 got=()
    while ((${#got[@]} < n && tries < 200)); do
        tries=$((tries + 1))
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 20000))
        [[ " ${got[*]} " == *" $p "* ]] && continue
        _slurm_port_free "$p" && got+=("$p")
    done
    ((${#got[@]} == n)) || return 1
    echo "${got[*]}"
}

# _slurm_alive PID NAME: PID is a live process whose command name is NAME.
_slurm_alive() {
    local comm
    comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 1
    [[ $comm == "$2"* ]] && kill -0 "$1" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

# _slurm_kill PID... : "PID:NAME" pairs; SIGTERM those still alive, wait up to
# 10 s for them to go, then SIGKILL the stragglers. Reaps our own children.
_slurm_kill() {
    local pn pid name i alive
    for pn in "$@"; do
        pid=${pn%%:*} name=${pn#*:}
        _slurm_alive "$pid" "$name" && kill -TERM "$pid" 2>/dev/null
    done
    for ((i = 0; i < 100; i++)); do
        alive=0
        for pn in "$@"; do
            _slurm_alive "${pn%%:*}" "${pn#*:}" && alive=1
        done
        ((alive)) || break
        sleep 0.1
    done
    for pn in "$@"; do
        pid=${pn%%:*} name=${pn#*:}
        if _slurm_alive "$pid" "$name"; then
            echo "slurm-cluster: $name (pid $pid) ignored SIGTERM; killing it" >&2
            kill -KILL "$pid" 2>/dev/null
        fi
        wait "$pid" 2>/dev/null
    done
    return 0
}

# slurm_logs: print the tail of every daemon log (for failure reports).
slurm_logs() {
    local f
    [[ -n $SLURM_DIR ]] || return 0
    for f in "$SLURM_DIR"/log/*; do
        [[ -s $f ]] || continue
        echo "----- ${f#"$SLURM_DIR"/} (last 25 lines)" >&2
        tail -n 25 "$f" >&2
    done
}

# _slurm_start NAME CMD...: start CMD in the background (stdio to DIR/log/NAME.out,
# so it never holds the test's stdout open), remember "PID:NAME".
_slurm_start() {
    local name=$1
    shift
    "$@" </dev/null >"$SLURM_DIR/log/$name.out" 2>&1 &
    SLURM_PIDS+=("$!:$name")
    echo "$!:$name" >>"$SLURM_DIR/run/daemons" # for the watchdog
}

# _slurm_watchdog: in the background, wait for the test shell to go; if it goes
# without having run slurm_down (SIGKILL: no traps), cancel the jobs and stop
# the daemons listed in DIR/run/daemons. Holds none of the test's file
# descriptors (ctest waits for those to close).
_slurm_watchdog() {
    local owner=$$
    (
        s=
        trap '' INT HUP
        trap '[[ -n $s ]] && kill "$s" 2>/dev/null; exit 0' TERM
        while kill -0 "$owner" 2>/dev/null; do
            sleep 1 &
            s=$!
            wait "$s"
        done
        # This subshell forked before the daemons started and SLURM_CONF was set.
        local pids
        mapfile -t pids <"$SLURM_DIR/run/daemons"
        # shellcheck disable=SC2030 # meant to be local to this subshell
        export SLURM_CONF=$SLURM_DIR/slurm.conf
        _slurm_cancel_all "${pids[@]}"
        _slurm_kill "${pids[@]}"
    ) </dev/null >/dev/null 2>&1 &
    SLURM_WATCHDOG=$!
}

# _slurm_wait SECONDS WHAT CMD...: poll CMD every 0.2 s until it succeeds,
# for at most SECONDS of wall-clock time; stop at once if CMD returns 2.
_slurm_wait() {
    local limit=$1 what=$2 pn end rc
    shift 2
    end=$((SECONDS + limit))
    while ((SECONDS < end)); do
        "$@" >"$SLURM_DIR/probe.out" 2>&1
        rc=$?
        ((rc == 0)) && return 0
        if ((rc == 2)); then
            echo "slurm-cluster: gave up waiting for $what; '$1' said:" >&2
            sed 's/^/    /' "$SLURM_DIR/probe.out" >&2
            slurm_logs
            return 1
        fi
        # Give up at once if a daemon died.
        for pn in "${SLURM_PIDS[@]}"; do
            if ! _slurm_alive "${pn%%:*}" "${pn#*:}"; then
                echo "slurm-cluster: ${pn#*:} exited while waiting for $what" >&2
                slurm_logs
                return 1
            fi
        done
        sleep 0.2
    done
    echo "slurm-cluster: timed out after ${limit}s waiting for $what; the last '$1' said:" >&2
    sed 's/^/    /' "$SLURM_DIR/probe.out" >&2
    slurm_logs
    return 1
}

# _slurm_cmd CMD...: a Slurm client command, bounded: clients retry an
# unreachable slurmctld for MessageTimeout seconds and more.
_slurm_cmd() {
    timeout 15 "$@"
}

_slurm_node_idle() {
    local state
    state=$(_slurm_cmd sinfo -h -N -n "$SLURM_NODE" -o %T) || return 1
    echo "node state: $state"
    case $state in
    idle) return 0 ;;
    inval* | drain*) return 2 ;; # will not heal by itself (see slurmctld.log)
    *) return 1 ;;
    esac
}

# slurm_up DIR: start munged, slurmctld and slurmd under DIR (created if
# needed) and wait until the node is idle. Exports SLURM_CONF. Returns 1 (after
# printing the logs) on failure; call slurm_down in any case.
slurm_up() {
    local dir=$1 start ports ctld_port d_port cpus cluster user
    start=$(date +%s.%N)
    mkdir -p "$dir" || return 1
    SLURM_DIR=$(cd "$dir" && pwd) || return 1
    # munged's socket and slurmd's step sockets are Unix sockets under DIR:
    # their paths must fit in sun_path (108 bytes).
    if ((${#SLURM_DIR} > 64)); then
        echo "slurm-cluster: $SLURM_DIR is too long for Unix socket paths (max 64 characters); use a shorter TMPDIR" >&2
        return 1
    fi
    mkdir -p "$SLURM_DIR"/{munge,log,state,spool,run} || return 1
    chmod 700 "$SLURM_DIR/munge"
    : >"$SLURM_DIR/run/daemons"
    _slurm_watchdog
    SLURM_NODE=$(hostname -s)
    cpus=$(nproc)
    # root normally; as another user (packages already installed) the daemons
    # run as that user and so do the jobs, which also works.
    user=$(id -un)
    cluster="memsim$$x$RANDOM"
    cluster=${cluster,,}

    # --- munge: own key, socket, pid, log and seed files -----------------------
    local m=$SLURM_DIR/munge
    if command -v mungekey >/dev/null 2>&1; then
        mungekey --create --keyfile="$m/munge.key" --bits=1024 >/dev/null 2>&1 || rm -f "$m/munge.key"
    fi
    [[ -s $m/munge.key ]] || dd if=/dev/urandom of="$m/munge.key" bs=1 count=1024 2>/dev/null
    chmod 600 "$m/munge.key"   # munged refuses a key readable by others
    # -F keeps it in the foreground so $! is its PID (and sends its log to
    # stderr, i.e. log/munged.out); --force accepts a socket directory that is
    # not a+x on every component (mktemp -d makes 0700 directories).
    _slurm_start munged munged -F --force --key-file="$m/munge.key" --socket="$m/munge.socket" \
        --pid-file="$m/munged.pid" --log-file="$m/munged.log" --seed-file="$m/munged.seed"
    _slurm_wait 10 "munged's socket" munge -n -S "$m/munge.socket" || return 1

    # --- slurm.conf ----------------------------------------------------------------
    ports=$(_slurm_pick_ports 2) || { echo "slurm-cluster: no free TCP ports found" >&2; return 1; }
    read -r ctld_port d_port <<<"$ports"
    cat >"$SLURM_DIR/slurm.conf" <<EOF
# private test cluster written by tests/lib/slurm-cluster.sh
ClusterName=$cluster
SlurmctldHost=$SLURM_NODE(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$m/munge.socket
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool
SlurmctldPidFile=$SLURM_DIR/run/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/run/slurmd.pid
SlurmctldLogFile=$SLURM_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$SLURM_DIR/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
# Array tasks are never started at submit time but by the periodic scheduler,
# which by default waits 3 s between passes: 0 brings that to about 1 s.
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
InactiveLimit=0
KillWait=5
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$SLURM_NODE NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$SLURM_NODE Default=YES MaxTime=INFINITE State=UP
EOF
    : >"$SLURM_DIR/plugstack.conf"   # not /etc/slurm/plugstack.conf
    # shellcheck disable=SC2031 # the watchdog's own copy is separate, rightly
    export SLURM_CONF=$SLURM_DIR/slurm.conf

    # --- slurmctld, then slurmd ------------------------------------------------------
    # -D: stay in the foreground (so $! is the daemon), -i: ignore state files.
    _slurm_start slurmctld slurmctld -D -i -f "$SLURM_CONF"
    _slurm_wait 30 "slurmctld to answer" _slurm_ctld_up || return 1
    _slurm_start slurmd slurmd -D -f "$SLURM_CONF" -N "$SLURM_NODE"
    _slurm_wait 60 "node $SLURM_NODE to be idle" _slurm_node_idle || return 1

    SLURM_UP_SECONDS=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    return 0
}

_slurm_ctld_up() {
    local out
    out=$(_slurm_cmd scontrol ping 2>&1)
    echo "$out"
    [[ $out == *"is UP"* ]]
}

# slurm_wait_jobs TIMEOUT JOBID...: poll squeue until none of the jobs (array
# jobs included) is pending, running or completing. Returns 1 on timeout, or if
# squeue keeps failing.
slurm_wait_jobs() {
    local limit=$1 list out end
    shift
    list=$(IFS=,; echo "$*")
    end=$((SECONDS + limit))
    while ((SECONDS < end)); do
        # Only a successful, empty answer means done: a failing squeue prints
        # nothing too.
        if out=$(_slurm_cmd squeue -h -j "$list" -o %i 2>&1); then
            [[ -z $out ]] && return 0
        elif [[ $out == *"Invalid job id"* ]]; then
            return 0 # finished long enough ago (MinJobAge) to be forgotten
        fi
        sleep 0.2
    done
    echo "slurm-cluster: jobs $list still queued (or squeue failing) after ${limit}s:" >&2
    _slurm_cmd squeue -j "$list" >&2
    slurm_logs
    return 1
}

# slurm_jobs: one line per job (array task) slurmctld still remembers
# (MinJobAge=300, so finished ones too), tab-separated:
#   ARRAY_JOB_ID  ARRAY_TASK_ID  JOB_STATE  EXIT_CODE  STDOUT
# For a plain job ARRAY_JOB_ID is its job id and ARRAY_TASK_ID is "-".
# With no accounting (sacct cannot work) this is how a test sees what ran.
slurm_jobs() {
    _slurm_cmd scontrol -o show job 2>/dev/null | awk '
        /^No jobs/ { next }
        {
            delete f
            for (i = 1; i <= NF; i++) {
                k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v); f[k] = v
            }
            aj = ("ArrayJobId" in f) ? f["ArrayJobId"] : f["JobId"]
            at = ("ArrayTaskId" in f) ? f["ArrayTaskId"] : "-"
            printf "%s\t%s\t%s\t%s\t%s\n", aj, at, f["JobState"], f["ExitCode"], f["StdOut"]
        }' | sort -t $'\t' -k1,1n -k2,2n
}

# _slurm_cancel_all PID:NAME...: cancel every job of this cluster and give the
# steps a few seconds to go: running jobs have slurmstepd processes of their
# own, which would outlive slurmd.
_slurm_cancel_all() {
    local i pn ctld=0
    [[ -n ${SLURM_CONF:-} && $SLURM_CONF == "$SLURM_DIR"/* ]] || return 0
    # Clients retry an unreachable slurmctld for MessageTimeout (10 s): ask only
    # a live one.
    for pn in "$@"; do
        [[ ${pn#*:} == slurmctld ]] && _slurm_alive "${pn%%:*}" slurmctld && ctld=1
    done
    ((ctld)) || return 0
    [[ -n $(_slurm_cmd squeue -h -o %i 2>/dev/null) ]] || return 0
    _slurm_cmd scancel --quiet --full --user="$(id -un)" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        [[ -z $(_slurm_cmd squeue -h -o %i 2>/dev/null) ]] && break
        sleep 0.2
    done
}

# slurm_down: cancel this cluster's jobs, stop the daemons slurm_up started
# (and only those), wait for them to exit. Safe to call more than once.
slurm_down() {
    [[ ${#SLURM_PIDS[@]} -gt 0 || -n $SLURM_WATCHDOG ]] || return 0
    _slurm_cancel_all "${SLURM_PIDS[@]}"
    if [[ -n $SLURM_WATCHDOG ]]; then
        kill -TERM "$SLURM_WATCHDOG" 2>/dev/null
        wait "$SLURM_WATCHDOG" 2>/dev/null
        SLURM_WATCHDOG=
    fi
    # slurmd first, then slurmctld, munged last (both Slurm daemons need it).
    local rev=() k
    for ((k = ${#SLURM_PIDS[@]} - 1; k >= 0; k--)); do rev+=("${SLURM_PIDS[k]}"); done
    for k in "${rev[@]}"; do _slurm_kill "$k"; done
    SLURM_PIDS=()
    return 0
}
