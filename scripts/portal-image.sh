#!/usr/bin/env bash
# Lays out the portal image's /app as packages/backend/Dockerfile builds it, without a container
# engine: `npm run build:backend`, then the Dockerfile's two steps (the skeleton with the lock and
# `npm ci --omit=dev`; the bundle and app-config.production.yaml unpacked over it). Prints the
# folder, from which `node packages/backend --config app-config.production.yaml` starts the
# portal as the image's CMD does.
#
# The dependency layer is installed once per lock file and skeleton under ~/.cache (outside the
# clone), as the image's layer cache keeps it; each run unpacks the current bundle over it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$root/packages/backend/dist"

# Builds of the packages' dist/ wait for each other (scripts/packaged-backend.sh builds them too).
(
  flock 8
  cd "$root" && npm run --silent build:backend >&2
) 8>"${TMPDIR:-/tmp}/dev-portal-packages-build.lock"

key="$( (cat "$root/package.json" "$root/package-lock.json" "$root/.npmrc"; tar xzOf "$dist/skeleton.tar.gz") | sha256sum | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dev-portal/portal-image/$key"
mkdir -p "$(dirname "$cache")"
exec 9>"$cache.lock"
flock 9
if [ ! -d "$cache/node_modules" ]; then
  echo "Installing the image's production dependencies into $cache (once per lock file)" >&2
  staging="$cache.staging.$$"
  rm -rf "$staging" && mkdir -p "$staging"
  cp "$root/package.json" "$root/package-lock.json" "$root/.npmrc" "$staging/"
  tar xzmf "$dist/skeleton.tar.gz" -C "$staging"
  (cd "$staging" && npm ci --omit=dev --prefer-offline --no-audit --no-fund >&2)
  mv -T "$staging" "$cache"
fi
# Images for lock files not seen for two weeks go (never this one: the archives' entries carry no
# time, hence -m when unpacking them, and this folder is touched as it is used).
touch "$cache"
find "$(dirname "$cache")" -mindepth 1 -maxdepth 1 -type d -mtime +14 ! -path "$cache" -exec rm -rf {} + 2>/dev/null || true

rm -rf "$cache/packages" "$cache/plugins"
tar xzmf "$dist/bundle.tar.gz" -C "$cache"
cp "$root/app-config.production.yaml" "$cache/"
echo "$cache"
