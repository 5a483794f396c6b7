#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (packages/app/e2e) and prints its path.
# Idempotent: when chromium is already there it only prints the path. We never download a
# browser through Playwright (`playwright install`): playwright-core drives the system one.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  # Parallel test runs: one installer at a time.
  exec 9>/tmp/dev-portal-chromium-install.lock
  flock 9
  if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium (apt)" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq --no-install-recommends chromium >&2
  fi
fi

command -v chromium
