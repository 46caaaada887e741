#!/usr/bin/env bash
# The project's whole test run (`pnpm test`): real engines when the machine can host them, lint and format,
# then build, type-check, test and check the published shape of every package, through turbo; at the end, a
# summary of every package's tests (passed, failed, skipped, and each skipped test with its reason), printed
# even when a task failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# On a machine that can host Slurm and podman (root with apt), an engine that does not start fails the run:
# a green run must mean their suites ran. NEURAL_SKIP_INFRA=1 runs without them, on purpose.
if ! infra_env=$(scripts/test-infra.sh); then
  echo "[test] the test engines did not start (see above); set NEURAL_SKIP_INFRA=1 to run without them on purpose" >&2
  exit 1
fi
eval "$infra_env"

# Each package's vitest writes <package>/.test-report.json (scripts/vitest-report.mjs); old ones go first, so
# the summary never shows a previous run's results.
export NEURAL_TEST_REPORT=1
rm -f packages/*/.test-report.json tests/*/.test-report.json examples/*/.test-report.json bench/.test-report.json

status=0
biome check . || status=$?
if [ "$status" = 0 ]; then
  # Two at a time: the test suites start servers, processes and containers, and the CI machine has two cores.
  # The tests run in their own turbo invocation so that the reporter flags reach vitest alone; `--continue`
  # runs every package's tests even after one fails, so the summary shows every failure of the run at once.
  turbo run build typecheck check-exports --concurrency=2 "$@" || status=$?
  if [ "$status" = 0 ]; then
    turbo run test --concurrency=2 --continue "$@" -- --reporter=default --reporter="$PWD/scripts/vitest-report.mjs" ||
      status=$?
  fi
fi
node scripts/test-summary.mjs || { [ "$status" != 0 ] || status=1; }
exit "$status"
