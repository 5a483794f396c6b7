#!/usr/bin/env bash
# `npm start`: builds the frontend (packages/app), then runs the GitHub sandbox and the local
# Backstage backend, which serves the frontend and the API on one port. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci

# The backend serves packages/app/dist (plugin-app-backend); build it when the sources changed.
bash packages/app/scripts/build-if-changed.sh

export GITHUB_SANDBOX_TOKEN="${GITHUB_SANDBOX_TOKEN:-sandbox-token}"
trap 'kill 0' EXIT
PORT=7008 TOKEN="$GITHUB_SANDBOX_TOKEN" npm run --silent -w packages/github-sandbox sandbox &
(cd packages/backend && npx backstage-cli package start --config ../../app-config.yaml)
