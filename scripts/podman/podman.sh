#!/usr/bin/env bash
# podman's Docker-compatible API socket, for the testcontainers tests on machines with no Docker engine.
#
#   scripts/podman/podman.sh start   install podman + runc if missing, start the API service, wait for it, and
#                                    prove it by running a container through it; a service that answers but
#                                    cannot run one (or whose working directory was deleted) is restarted
#   scripts/podman/podman.sh stop    stop the API service this script started
#   scripts/podman/podman.sh status  exit 0 when the service runs a container
#   scripts/podman/podman.sh env     print the `export` lines testcontainers needs (stdout only)
#
# Why each setting exists:
#   - runc, not crun: crun refuses the hybrid cgroups v1/v2 layout of these machines.
#   - default_ulimits lowered: podman's default nofile (1048576) exceeds the hard limit a non-systemd shell
#     has, and every container then fails with `setrlimit RLIMIT_NOFILE: Operation not permitted`.
#   - a containers.conf of our own, passed through CONTAINERS_CONF, so /etc is left alone.
#   - TESTCONTAINERS_RYUK_DISABLED: Ryuk's image cannot be pulled here; tests remove their own containers.
#   - TESTCONTAINERS_HOST_OVERRIDE=localhost: inside a container (/.dockerenv) testcontainers would otherwise
#     report the bridge gateway as the host.
#   - started from /: the service's conmon processes inherit its working directory, and once a clone that
#     started it is deleted every container start fails ("write child: broken pipe", conmon: "Failed to get
#     working directory"). Its log goes to $state_dir/service.log.
#   - the health check runs /usr/bin/true in a FROM-scratch image built here from the host's binary and the
#     libraries ldd lists (nothing is pulled), through the API socket the tests use.
# Progress and errors go to stderr; `env` is the only command writing to stdout.
set -euo pipefail

state_dir=${NEURAL_PODMAN_DIR:-/tmp/neural-podman}
socket="$state_dir/podman.sock"
conf="$state_dir/containers.conf"
pid_file="$state_dir/service.pid"
log_file="$state_dir/service.log"
health_image=localhost/neural-podman-health:1

log() { echo "[podman] $*" >&2; }
die() {
  echo "[podman] error: $*" >&2
  exit 1
}

socket_answers() {
  [ -S "$socket" ] || return 1
  # The Docker API's ping: a 200 with body "OK" means the service is serving requests.
  curl --silent --fail --max-time 2 --unix-socket "$socket" http://d/_ping >/dev/null 2>&1
}

remote() { CONTAINERS_CONF="$conf" podman --remote --url "unix://$socket" "$@"; }

# A FROM-scratch image holding /usr/bin/true and its libraries, imported once; no registry is involved.
ensure_health_image() {
  remote image exists "$health_image" 2>/dev/null && return 0
  local rootfs="$state_dir/health-rootfs" file
  rm -rf "$rootfs"
  for file in /usr/bin/true $(ldd /usr/bin/true | grep -o '/[^ ]*'); do
    mkdir -p "$rootfs$(dirname "$file")"
    cp -L "$file" "$rootfs$file"
  done
  tar -C "$rootfs" -c . | remote import - "$health_image" >/dev/null
  rm -rf "$rootfs"
}

# Healthy = the socket answers, the service's working directory still exists, and it runs a container.
service_healthy() {
  socket_answers || return 1
  if [ -f "$pid_file" ] && [ -e "/proc/$(cat "$pid_file")/cwd" ]; then
    case "$(readlink "/proc/$(cat "$pid_file")/cwd")" in *"(deleted)") return 1 ;; esac
  fi
  ensure_health_image >>"$log_file.health" 2>&1 || return 1
  timeout 60 podman --remote --url "unix://$socket" run --rm --network none "$health_image" /usr/bin/true \
    >>"$log_file.health" 2>&1
}

hard_nofile_limit() {
  local limit
  limit=$(ulimit -Hn)
  if [ "$limit" = unlimited ] || [ "$limit" -gt 1048576 ]; then limit=1048576; fi
  echo "$limit"
}

install_missing() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}; installing needs root (run as root, or install them yourself)"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them with"
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >"$state_dir/apt.log" 2>&1; then
    apt-get update >>"$state_dir/apt.log" 2>&1 || true
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$state_dir/apt.log" 2>&1 ||
      die "apt-get install ${missing[*]} failed; see $state_dir/apt.log"
  fi
}

write_conf() {
  local nofile
  nofile=$(hard_nofile_limit)
  cat >"$conf.tmp" <<CONF
# Written by scripts/podman/podman.sh; used through CONTAINERS_CONF only.
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  mv "$conf.tmp" "$conf"
}

start() {
  mkdir -p "$state_dir"
  if socket_answers; then
    if service_healthy; then
      log "already running at unix://$socket, and runs a container"
      return 0
    fi
    log "the service answers but cannot run a container (see $log_file.health): restarting it"
  fi
  install_missing
  write_conf
  stop_service quiet
  rm -f "$socket"
  log "starting podman system service on unix://$socket"
  # From /, so that no container start depends on the folder this script was run from.
  (cd / && CONTAINERS_CONF="$conf" exec setsid podman system service --time=0 "unix://$socket" \
    </dev/null >"$log_file" 2>&1) &
  echo $! >"$pid_file"
  local deadline=$((SECONDS + 30))
  until socket_answers; do
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      tail -n 20 "$log_file" >&2 || true
      die "podman system service exited before its socket answered; see $log_file"
    fi
    [ $SECONDS -lt $deadline ] || die "podman socket did not answer within 30 s; see $log_file"
    sleep 0.2
  done
  # Surface a runtime that cannot run containers here, instead of letting every test time out on it.
  CONTAINERS_CONF="$conf" podman info --format '{{.Host.OCIRuntime.Name}}' >/dev/null 2>&1 ||
    die "podman info failed with $conf"
  service_healthy || {
    tail -n 20 "$log_file.health" >&2 || true
    die "the podman service answers but cannot run a container; see $log_file and $log_file.health"
  }
  log "ready: unix://$socket (a container ran through it)"
}

stop_service() {
  local quiet=${1:-}
  if [ -f "$pid_file" ]; then
    local pid
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      [ -n "$quiet" ] || log "stopped podman system service (pid $pid)"
    fi
    rm -f "$pid_file"
  elif [ -z "$quiet" ]; then
    log "not running (no $pid_file)"
  fi
  rm -f "$socket"
}

print_env() {
  cat <<ENV
export DOCKER_HOST=unix://$socket
export CONTAINERS_CONF=$conf
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop_service ;;
  status) service_healthy && log "running at unix://$socket, and runs a container" || { log "not healthy"; exit 1; } ;;
  env) print_env ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
