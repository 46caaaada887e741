#!/usr/bin/env bash
# Starts the real engines the test suite runs against, when this machine can host them:
#   - a one-node Slurm cluster with slurmrestd (scripts/slurm/cluster.sh), for @neural/connector-slurm;
#   - podman's Docker-compatible socket (scripts/podman/podman.sh), for the testcontainers tests.
#   - tmux (installed with apt when missing), for @neural/cli's terminal tests.
# Both need root and Debian's apt (as on CI). There, an engine that fails to start (or starts but cannot run a
# job or a container) makes this script exit 1, and scripts/test.sh fails: a green run means their suites ran.
# Elsewhere, or with NEURAL_SKIP_INFRA=1 (on purpose), nothing is started and the tests that need them report
# themselves as skipped, with the reason.
# Prints the environment the tests need to stdout as `export` lines (NEURAL_INFRA_REQUIRED=1 when both engines
# run, which turns their absence in a suite into a failure); progress goes to stderr.
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

# tmux: @neural/cli's terminal tests drive the CLI through it (they fail, saying so, when it is missing).
if ! command -v tmux >/dev/null 2>&1; then
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >&2; }; then
    echo "[test-infra] tmux installed" >&2
  else
    echo "[test-infra] tmux could not be installed: the CLI's terminal tests will fail" >&2
  fi
fi

# From /: the daemons started here outlive this run, and must not depend on the folder it ran in.
cd /
"$here/slurm/cluster.sh" start >&2 || {
  echo "[test-infra] the Slurm cluster failed to start (set NEURAL_SKIP_INFRA=1 to run without it on purpose)" >&2
  exit 1
}
echo "[test-infra] Slurm cluster ready (a job ran through slurmrestd)" >&2
"$here/podman/podman.sh" start >&2 || {
  echo "[test-infra] podman failed to start (set NEURAL_SKIP_INFRA=1 to run without it on purpose)" >&2
  exit 1
}
"$here/podman/podman.sh" env
echo "export NEURAL_INFRA_REQUIRED=1"
