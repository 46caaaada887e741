#!/usr/bin/env bash
# The project's whole test run (`pnpm test`): real engines when the machine can host them, lint and format,
# then build, type-check, test and check the published shape of every package, through turbo.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/test-infra.sh)"
biome check .
# Two at a time: the test suites start servers, processes and containers, and the CI machine has two cores.
turbo run build typecheck test check-exports --concurrency=2 "$@"
