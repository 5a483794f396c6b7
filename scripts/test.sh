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
# CI=true: one run, no watch mode. Two workers: the machine has two cores.
CI=true npx backstage-cli repo test --maxWorkers=2 --testTimeout=900000 --forceExit \
  --json --outputFile="$results" "$@"
status=$?

if [ -f "$results" ]; then
  node -e '
    const r = require(process.argv[1]);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);
  ' "$PWD/$results"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
