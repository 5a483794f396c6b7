#!/usr/bin/env bash
# `npm test`: every test of every workspace, on a fresh machine too. What the tests need beyond
# node_modules (Python virtualenvs, linters, kustomize) is installed into .cache/ by the tests'
# own setup scripts on first use. Ends with the totals as one plain line.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci

mkdir -p .cache
results=.cache/jest-results.json
rm -f "$results"

# The API server test (src/k8s/apiserver.test.ts) needs Kubernetes binaries that take 15-20
# minutes to build on a new machine: build them in the background, at low priority, while the other
# test files run; that test waits for the build (a lock). Instant once the binaries are cached.
setsid bash scripts/k8s-tools/control-plane.sh build </dev/null >.cache/control-plane-build.log 2>&1 &
prebuild=$!
# Types and lint first: cheap, and a red one is a defect like a failed test (counted as one).
static_failures=0
npx tsc --noEmit -p tsconfig.json || static_failures=$((static_failures + 1))
npx backstage-cli repo lint || static_failures=$((static_failures + 1))
# CI=true: one run, no watch mode. Two workers: the machine has two cores.
CI=true npx backstage-cli repo test --maxWorkers=2 --testTimeout=900000 --forceExit \
  --json --outputFile="$results" "$@"
status=$?
# Still building only when the selection left that test out; the Go build cache keeps the progress.
kill -- "-$prebuild" 2>/dev/null

[ "$static_failures" -gt 0 ] && status=1
if [ -f "$results" ]; then
  node -e '
    const r = require(process.argv[1]);
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + Number(process.argv[2]);
    console.log(`${r.numPassedTests} passed, ${failed} failed`);
  ' "$PWD/$results" "$static_failures"
else
  echo "0 passed, $((static_failures + 1)) failed"
  status=1
fi
exit $status
