#!/usr/bin/env bash
# Prints the path of a virtualenv holding exactly the packages of a requirements file, creating it
# on first use. Venvs are cached under .cache/venvs by the file's hash, so specs that pin the same
# set share one, and a lock makes parallel test workers wait for each other instead of racing.
set -euo pipefail
requirements="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
hash="$(sha256sum "$requirements" | cut -c1-16)"
venv="$root/.cache/venvs/$hash"
mkdir -p "$root/.cache/venvs"
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/.ready" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
  cp "$requirements" "$venv/requirements.txt"
  printf '#!/bin/sh\n' > "$venv/.ready" && chmod +x "$venv/.ready"
fi
echo "$venv"
