#!/usr/bin/env bash
# The one test command (`npm test`): brings up real Postgres, Redis and Kafka
# (tools/infra), runs lint, typecheck, unit tests and the integration and
# end-to-end tests against them, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-${CI:-}}"
results="$(mktemp -d)"

# Leave running whatever was running before us (a developer's own infra:up).
kafka_was_running=false
if node tools/infra/wait-for-kafka.mjs --brokers 127.0.0.1:9092 --timeout 2 >/dev/null 2>&1; then kafka_was_running=true; fi
npm run --silent infra:up
if [[ "$kafka_was_running" == false && -z "${IAM_KEEP_INFRA:-}" ]]; then
  trap 'npm run --silent infra:down || true' EXIT
fi
# shellcheck source=infra/env.sh
source tools/infra/env.sh

echo "== lint and typecheck (nx run-many) =="
npx nx run-many -t lint typecheck --outputStyle=static
# Benchmarks and CLI are compiled by SWC, which strips types without checking them.
npx tsc --noEmit -p tools/tsconfig.json

echo "== unit tests =="
unit_status=0
npx jest -c jest.config.js --ci --json --outputFile="$results/unit.json" || unit_status=$?

echo "== slice tests (routes on the in-memory event store, Postgres in-process) =="
slice_status=0
NODE_OPTIONS=--experimental-vm-modules npx jest -c jest.slice.config.js --ci --json --outputFile="$results/slice.json" || slice_status=$?

echo "== integration and end-to-end tests (real Postgres, Redis, Kafka) =="
int_status=0
NODE_OPTIONS=--experimental-vm-modules npx jest -c jest.int.config.js --ci --runInBand --json --outputFile="$results/int.json" || int_status=$?

node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { failed++; continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; skipped += r.numPendingTests;
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results/unit.json" "$results/slice.json" "$results/int.json"
rm -rf "$results"
[[ $unit_status -eq 0 && $slice_status -eq 0 && $int_status -eq 0 ]]
