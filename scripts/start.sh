#!/usr/bin/env bash
# `npm start`: the GitHub sandbox and the local Backstage backend, stopped together with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci

export GITHUB_SANDBOX_TOKEN="${GITHUB_SANDBOX_TOKEN:-sandbox-token}"
trap 'kill 0' EXIT
PORT=7008 TOKEN="$GITHUB_SANDBOX_TOKEN" npm run --silent -w packages/github-sandbox sandbox &
(cd packages/backend && npx backstage-cli package start --config ../../app-config.yaml)
