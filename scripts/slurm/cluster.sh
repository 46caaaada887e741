#!/usr/bin/env bash
# A one-node Slurm 22.05 cluster on localhost (Debian packages, no systemd) with slurmrestd behind JWT auth,
# for the @neural/connector-slurm live tests and for people trying the connector.
#
#   cluster.sh start    install what is missing, configure, start munged/slurmctld/slurmd/slurmrestd, wait
#                       until a job can run, write $SLURM_ENV_FILE (URL, API version, user, JWT); then prove
#                       it by running a job submitted through slurmrestd, and restart the daemons once when
#                       they answer but cannot run one (or run in a deleted folder)
#   cluster.sh stop     cancel active jobs, stop the four daemons (by their pid files only)
#   cluster.sh status   daemons, node state, REST ping; exit 0 only when the REST API answers
#   cluster.sh token    print a fresh JWT for $SLURM_REST_USER
#
# Knobs: SLURM_ENV_FILE (/tmp/neural-slurm/rest.env), SLURM_REST_PORT (6820), SLURM_REST_USER (root),
#        SLURM_NODE_CPUS (nproc, at least 8), SLURM_TOKEN_LIFESPAN (86400 s), SLURM_START_TIMEOUT (120 s),
#        SLURM_SMOKE_JOB (1: run one trivial job before declaring the cluster ready).
# Every daemon starts from / (the script changes there first): a daemon started in a clone that is later
# deleted keeps a dead working directory, and slurmrestd started that way died mid-run. Logs go to
# /var/log/slurm, pid files to /run/neural-slurm.
set -euo pipefail

ENV_FILE=$(realpath -m "${SLURM_ENV_FILE:-/tmp/neural-slurm/rest.env}")
cd /
PORT="${SLURM_REST_PORT:-6820}"
REST_USER="${SLURM_REST_USER:-root}"
# At least 8 CPUs advertised (SlurmdParameters=config_overrides allows more than exist) so that the tests'
# tiny jobs run side by side instead of queueing behind each other on a 2-core machine.
NODE_CPUS="${SLURM_NODE_CPUS:-$(( $(nproc) > 8 ? $(nproc) : 8 ))}"
LIFESPAN="${SLURM_TOKEN_LIFESPAN:-86400}"
TIMEOUT="${SLURM_START_TIMEOUT:-120}"
SMOKE="${SLURM_SMOKE_JOB:-1}"
API=v0.0.38

CONF_DIR=/etc/slurm
CONF="$CONF_DIR/slurm.conf"
STATE_DIR=/var/spool/slurmctld
SPOOL_DIR=/var/spool/slurmd
LOG_DIR=/var/log/slurm
RUN_DIR=/run/neural-slurm
JWT_KEY="$STATE_DIR/jwt_hs256.key"
# slurmrestd refuses to run as root or as SlurmUser, so it gets an unprivileged user of its own.
RESTD_USER=slurmrestd
PACKAGES=(munge slurm-client slurmctld slurmd slurmrestd slurm-wlm-basic-plugins slurm-wlm-jwt-plugin curl)

# name | pid file | executable (checked so a recycled pid is never mistaken for the daemon)
MUNGED_PID=/run/munge/munged.pid;   MUNGED_EXE=/usr/sbin/munged
CTLD_PID="$RUN_DIR/slurmctld.pid";  CTLD_EXE=/usr/sbin/slurmctld
SLURMD_PID="$RUN_DIR/slurmd.pid";   SLURMD_EXE=/usr/sbin/slurmd
RESTD_PID="$RUN_DIR/slurmrestd.pid"; RESTD_EXE=/usr/sbin/slurmrestd

START_TIME=$(date +%s)
say() { printf '[cluster.sh %s] %s\n' "$(date +%T)" "$*" >&2; }
fail() {
  say "ERROR: $*"
  local f
  for f in "$LOG_DIR/slurmctld.log" "$LOG_DIR/slurmd.log" "$LOG_DIR/slurmrestd.log" "$LOG_DIR/munged.log"; do
    if [ -s "$f" ]; then printf -- '----- last lines of %s -----\n' "$f" >&2; tail -n 20 "$f" >&2; fi
  done
  exit 1
}
time_left() { [ $(( $(date +%s) - START_TIME )) -lt "$TIMEOUT" ]; }

# Alive = the pid in the file exists, is not a zombie, and runs the expected executable.
daemon_alive() {
  local pidfile=$1 exe=$2 pid state
  [ -s "$pidfile" ] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$state" != Z ] || return 1
  [ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$exe")" ]
}

# A daemon whose working directory was deleted still answers, but may fail any time it touches it.
daemon_cwd_deleted() {
  local pidfile=$1
  [ -s "$pidfile" ] || return 1
  case "$(readlink "/proc/$(<"$pidfile")/cwd" 2>/dev/null)" in *"(deleted)") return 0 ;; esac
  return 1
}

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "packages missing (${missing[*]}) and not root to install them"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local attempt
  for attempt in 1 2 3 4 5; do
    apt-get -o DPkg::Lock::Timeout=300 update -qq && break
    [ "$attempt" = 5 ] && fail "apt-get update failed 5 times"
    sleep 5
  done
  # Without systemd the packages' postinst "start" steps are no-ops; configuration still succeeds.
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null \
    || fail "apt-get install ${PACKAGES[*]} failed"
}

write_config() {
  local host memory wanted
  host=$(hostname -s)
  # slurmd drains a node that claims more memory than it has: advertise 90% of what it detects.
  memory=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
  [ -n "$memory" ] || fail "slurmd -C did not report RealMemory"
  memory=$(( memory * 9 / 10 ))

  id "$RESTD_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RESTD_USER"
  install -d -o slurm -g slurm -m 0755 "$STATE_DIR" "$LOG_DIR"
  install -d -m 0755 "$SPOOL_DIR" "$CONF_DIR" "$RUN_DIR"
  install -d -o munge -g munge -m 0755 /run/munge
  # The directory stays world-readable (jobs may write beside it); the env file itself is 0600.
  install -d -m 0755 "$(dirname "$ENV_FILE")"
  [ -s /etc/munge/munge.key ] || head -c 128 /dev/urandom > /etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
  [ -s "$JWT_KEY" ] || head -c 32 /dev/urandom > "$JWT_KEY"
  chown slurm:slurm "$JWT_KEY" && chmod 0600 "$JWT_KEY"

  wanted=$(cat <<EOF
# Written by scripts/slurm/cluster.sh: a single node on localhost for tests. Edits are overwritten.
ClusterName=neural
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=slurm
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=${JWT_KEY}
StateSaveLocation=${STATE_DIR}
SlurmdSpoolDir=${SPOOL_DIR}
SlurmctldPidFile=${CTLD_PID}
SlurmdPidFile=${SLURMD_PID}
SlurmctldLogFile=${LOG_DIR}/slurmctld.log
SlurmdLogFile=${LOG_DIR}/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# Containers have no usable cgroup hierarchy: track processes through /proc, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# No slurmdbd: finished jobs stay visible through the REST API for MinJobAge seconds (an hour: every keyed
# submit reads the whole job list, so a day of test runs made each read take seconds).
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=3600
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default, a job with no memory request takes the whole node and jobs run one at a time.
DefMemPerCPU=256
ReturnToService=2
SlurmdParameters=config_overrides
MpiDefault=none
MailProg=/bin/true
SwitchType=switch/none
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${NODE_CPUS} RealMemory=${memory} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
)
  if [ ! -f "$CONF" ] || [ "$(<"$CONF")" != "$wanted" ]; then
    say "writing $CONF"
    printf '%s\n' "$wanted" > "$CONF"
    CONFIG_CHANGED=1
  fi
  chmod 0644 "$CONF"
}

stop_daemon() {
  local name=$1 pidfile=$2 exe=$3 pid i
  if daemon_alive "$pidfile" "$exe"; then
    pid=$(<"$pidfile")
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do daemon_alive "$pidfile" "$exe" || break; sleep 0.1; done
    if daemon_alive "$pidfile" "$exe"; then say "$name ignored SIGTERM, sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidfile"
}

cancel_active_jobs() {
  daemon_alive "$CTLD_PID" "$CTLD_EXE" || return 0
  local ids i
  ids=$(squeue -h -t PD,R,CG,S,CF -o %i 2>/dev/null | tr '\n' ' ' || true)
  [ -n "${ids// }" ] || return 0
  say "cancelling jobs $ids"
  # shellcheck disable=SC2086
  scancel $ids 2>/dev/null || true
  for i in $(seq 50); do [ -z "$(squeue -h -t PD,R,CG,S,CF -o %i 2>/dev/null)" ] && break; sleep 0.2; done
}

start_daemons() {
  local i
  if ! daemon_alive "$MUNGED_PID" "$MUNGED_EXE"; then
    say "starting munged"
    STARTED_SOMETHING=1
    rm -f "$MUNGED_PID" /run/munge/munge.socket.2*
    runuser -u munge -- "$MUNGED_EXE" --pid-file="$MUNGED_PID" || fail "munged did not start"
  fi
  for i in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n >/dev/null 2>&1 || fail "munge cannot create credentials"

  if [ "${CONFIG_CHANGED:-0}" = 1 ]; then
    # Node definitions are only read at start (scontrol reconfigure refuses them).
    cancel_active_jobs
    stop_daemon slurmd "$SLURMD_PID" "$SLURMD_EXE"
    stop_daemon slurmctld "$CTLD_PID" "$CTLD_EXE"
  fi
  if ! daemon_alive "$CTLD_PID" "$CTLD_EXE"; then
    say "starting slurmctld"
    STARTED_SOMETHING=1
    "$CTLD_EXE" || fail "slurmctld did not start"
  fi
  until scontrol ping 2>/dev/null | grep -q 'is UP'; do
    time_left || fail "slurmctld is not answering after ${TIMEOUT}s"
    sleep 0.2
  done
  if ! daemon_alive "$SLURMD_PID" "$SLURMD_EXE"; then
    say "starting slurmd"
    STARTED_SOMETHING=1
    SLURMD_STARTED=$(date +%s)
    "$SLURMD_EXE" || fail "slurmd did not start"
  fi
  if ! daemon_alive "$RESTD_PID" "$RESTD_EXE"; then
    say "starting slurmrestd on 127.0.0.1:$PORT"
    STARTED_SOMETHING=1
    # Only the slurmctld-backed plugins: the openapi/dbv* ones abort without slurmdbd.
    # SLURM_JWT=daemon makes slurmrestd itself authenticate with munge while clients use JWTs.
    SLURM_JWT=daemon setsid "$RESTD_EXE" -u "$RESTD_USER" -a rest_auth/jwt \
      -s "openapi/$API" "127.0.0.1:$PORT" </dev/null >>"$LOG_DIR/slurmrestd.log" 2>&1 &
    echo $! > "$RESTD_PID"
  fi
}

wait_for_node() {
  local host state registered
  host=$(hostname -s)
  while :; do
    time_left || fail "node $host not ready after ${TIMEOUT}s (state '${state:-?}')"
    daemon_alive "$SLURMD_PID" "$SLURMD_EXE" || fail "slurmd exited"
    if [ -n "${SLURMD_STARTED:-}" ]; then
      # The controller may still show the previous slurmd's registration restored from its state files.
      registered=$(scontrol show node -o "$host" 2>/dev/null | sed -n 's/.*SlurmdStartTime=\([^ ]*\).*/\1/p')
      registered=$(date -d "$registered" +%s 2>/dev/null || echo 0)
      if [ "$registered" -lt "$SLURMD_STARTED" ]; then sleep 0.3; continue; fi
    fi
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    case "$state" in
      idle|mixed|allocated) break ;;
      drain*|down*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.3
  done
  say "node $host is $state"
}

new_token() {
  scontrol token username="$REST_USER" lifespan="$LIFESPAN" | sed -n 's/^SLURM_JWT=//p'
}

rest_ping_code() {  # endpoint user token
  curl -s -m 5 -o /dev/null -w '%{http_code}' -H "X-SLURM-USER-NAME: $2" -H "X-SLURM-USER-TOKEN: $3" \
    "$1/slurm/$API/ping" || true
}

wait_for_rest_and_write_env() {
  local token code endpoint="http://127.0.0.1:$PORT"
  token=$(new_token)
  [ -n "$token" ] || fail "scontrol token returned nothing (is auth/jwt configured?)"
  until [ "$(rest_ping_code "$endpoint" "$REST_USER" "$token")" = 200 ]; do
    daemon_alive "$RESTD_PID" "$RESTD_EXE" || fail "slurmrestd exited"
    time_left || fail "slurmrestd not answering on $endpoint after ${TIMEOUT}s"
    sleep 0.2
  done
  local tmp="$ENV_FILE.tmp.$$"
  ( umask 077; cat > "$tmp" <<EOF
SLURM_REST_ENDPOINT=$endpoint
SLURM_REST_API=$API
SLURM_REST_USER=$REST_USER
SLURM_JWT=$token
EOF
  )
  mv -f "$tmp" "$ENV_FILE"
  say "slurmrestd answers at $endpoint; credentials in $ENV_FILE"
}

smoke_job() {
  # Proves munge credentials and job launch work end to end; the first job after a start also waits
  # for the first scheduling pass, which the tests should not have to absorb.
  local id state=""
  id=$(sbatch --parsable -J neural-cluster-smoke -o /dev/null -e /dev/null -D / --wrap true) || fail "sbatch failed"
  while :; do
    state=$(scontrol show job "$id" 2>/dev/null | sed -n 's/.*JobState=\([^ ]*\).*/\1/p')
    case "$state" in
      COMPLETED) break ;;
      FAILED|CANCELLED|TIMEOUT|NODE_FAIL|BOOT_FAIL|OUT_OF_MEMORY) fail "smoke job $id ended $state" ;;
    esac
    time_left || fail "smoke job $id still '$state' after ${TIMEOUT}s"
    sleep 0.2
  done
  say "smoke job $id COMPLETED"
}

# Real work, end to end: a job submitted through slurmrestd (JWT, slurmctld, munge, slurmd) that completes.
rest_job_runs() {
  local endpoint="http://127.0.0.1:$PORT" token id state="" deadline=$(( $(date +%s) + 60 ))
  token=$(new_token) || return 1
  id=$(curl -s -m 10 -X POST -H 'Content-Type: application/json' \
    -H "X-SLURM-USER-NAME: $REST_USER" -H "X-SLURM-USER-TOKEN: $token" \
    -d '{"script":"#!/bin/sh\ntrue\n","job":{"name":"neural-cluster-health","partition":"debug","time_limit":1,"current_working_directory":"/","standard_output":"/dev/null","standard_error":"/dev/null","environment":{"PATH":"/usr/bin:/bin"}}}' \
    "$endpoint/slurm/$API/job/submit" | sed -n 's/.*"job_id": *\([0-9][0-9]*\).*/\1/p' | head -n 1)
  [ -n "$id" ] || { say "health: slurmrestd did not accept a job"; return 1; }
  while :; do
    state=$(scontrol show job "$id" 2>/dev/null | sed -n 's/.*JobState=\([^ ]*\).*/\1/p')
    case "$state" in
      COMPLETED) say "health: job $id, submitted through slurmrestd, COMPLETED"; return 0 ;;
      FAILED|CANCELLED|TIMEOUT|NODE_FAIL|BOOT_FAIL|OUT_OF_MEMORY) say "health: job $id ended $state"; return 1 ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || { say "health: job $id still '$state' after 60s"; scancel "$id" 2>/dev/null; return 1; }
    sleep 0.2
  done
}

bring_up() {
  start_daemons
  wait_for_node
  wait_for_rest_and_write_env
}

show_status() {
  local ok=0 entry name pidfile exe
  for entry in "munged $MUNGED_PID $MUNGED_EXE" "slurmctld $CTLD_PID $CTLD_EXE" \
               "slurmd $SLURMD_PID $SLURMD_EXE" "slurmrestd $RESTD_PID $RESTD_EXE"; do
    read -r name pidfile exe <<<"$entry"
    if daemon_alive "$pidfile" "$exe"; then echo "$name: running (pid $(<"$pidfile"))"; else echo "$name: stopped"; fi
  done
  command -v sinfo >/dev/null && sinfo 2>/dev/null || true
  if [ -f "$ENV_FILE" ]; then
    # shellcheck disable=SC1090
    local code; code=$( . "$ENV_FILE"; rest_ping_code "$SLURM_REST_ENDPOINT" "$SLURM_REST_USER" "$SLURM_JWT")
    echo "REST ping: HTTP $code ($ENV_FILE)"
    [ "$code" = 200 ] && ok=1
  else
    echo "REST: no env file at $ENV_FILE"
  fi
  [ $ok = 1 ]
}

case "${1:-}" in
  start)
    ensure_packages
    write_config
    for entry in "slurmrestd $RESTD_PID $RESTD_EXE" "slurmd $SLURMD_PID $SLURMD_EXE" "slurmctld $CTLD_PID $CTLD_EXE"; do
      read -r name pidfile exe <<<"$entry"
      if daemon_alive "$pidfile" "$exe" && daemon_cwd_deleted "$pidfile"; then
        say "$name runs in a deleted folder: restarting it from /"
        stop_daemon "$name" "$pidfile" "$exe"
      fi
    done
    bring_up
    # A fresh start first waits for one job through sbatch (the first scheduling pass); then, always, one
    # through slurmrestd. A cluster that answers but cannot run it is restarted once, quickly.
    if [ "$SMOKE" = 1 ] && [ "${STARTED_SOMETHING:-0}" = 1 ]; then smoke_job; fi
    if ! rest_job_runs; then
      say "the cluster answers but cannot run a job: restarting slurmrestd, slurmd and slurmctld"
      stop_daemon slurmrestd "$RESTD_PID" "$RESTD_EXE"
      stop_daemon slurmd "$SLURMD_PID" "$SLURMD_EXE"
      stop_daemon slurmctld "$CTLD_PID" "$CTLD_EXE"
      START_TIME=$(date +%s)
      bring_up
      rest_job_runs || fail "the cluster still cannot run a job after a restart"
    fi
    say "cluster ready in $(( $(date +%s) - START_TIME ))s"
    ;;
  stop)
    cancel_active_jobs
    stop_daemon slurmrestd "$RESTD_PID" "$RESTD_EXE"
    stop_daemon slurmd "$SLURMD_PID" "$SLURMD_EXE"
    stop_daemon slurmctld "$CTLD_PID" "$CTLD_EXE"
    stop_daemon munged "$MUNGED_PID" "$MUNGED_EXE"
    rm -f "$ENV_FILE"
    ;;
  status) show_status ;;
  token)
    command -v scontrol >/dev/null || fail "Slurm is not installed: run '$0 start' first"
    new_token
    ;;
  *) echo "usage: $0 start|stop|status|token" >&2; exit 2 ;;
esac
