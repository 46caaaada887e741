#!/usr/bin/env bash
# Starts the real engines the test suite runs against, when this machine can host them:
#   - a one-node Slurm cluster with slurmrestd (scripts/slurm/cluster.sh), for @neural/connector-slurm;
#   - podman's Docker-compatible socket (scripts/podman/podman.sh), for the testcontainers tests.
# Both need root and Debian's apt (as on CI). Elsewhere, or with NEURAL_SKIP_INFRA=1, nothing is started and
# the tests that need them report themselves as skipped, with the reason.
# Prints the environment the tests need to stdout as `export` lines; progress goes to stderr.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ "${NEURAL_SKIP_INFRA:-0}" = 1 ]; then
  echo "[test-infra] NEURAL_SKIP_INFRA=1: not starting Slurm or podman" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "[test-infra] not root or no apt-get: live Slurm and container tests will be skipped" >&2
  exit 0
fi

if [ -x "$here/slurm/cluster.sh" ]; then
  if "$here/slurm/cluster.sh" start >&2; then
    echo "[test-infra] Slurm cluster ready" >&2
  else
    echo "[test-infra] Slurm cluster failed to start: live Slurm tests will be skipped" >&2
  fi
fi
if [ -x "$here/podman/podman.sh" ]; then
  if "$here/podman/podman.sh" start >&2; then
    "$here/podman/podman.sh" env
  else
    echo "[test-infra] podman failed to start: container tests will be skipped" >&2
  fi
fi
