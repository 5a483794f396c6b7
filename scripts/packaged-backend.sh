#!/usr/bin/env bash
# Packs the scaffolder module and the spec package it depends on as npm would publish them, and
# installs both tarballs into a Backstage backend outside the workspace (scripts/packaged-backend/:
# its own package.json, the same exact Backstage versions; the registry has neither package).
# Prints the folder to start the backend from (`node index.js --config ...`).
#
# Steps, per package: declarations (tsc), `backstage-cli package build` to dist/, the API report
# checked, `npm pack` of a copy of the package (its prepack/postpack swap in publishConfig). The
# backend's node_modules is installed once per lock file, scratch package.json and the packages'
# dependencies, under ~/.cache (outside the clone): a first `npm install` of both tarballs (warm
# npm cache: --prefer-offline), then each run unpacks the current tarballs into its own folder
# beside it, so the packages resolve the dependencies that real install brought.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$root/scripts/packaged-backend"
# The spec package first: the module depends on it.
packages=(plugins/django-gitops-common plugins/scaffolder-backend-module-django-gitops)

work="$(mktemp -d)"
# Builds of the packages' dist/ wait for each other (scripts/portal-image.sh builds them too).
exec 8>"${TMPDIR:-/tmp}/dev-portal-packages-build.lock"
flock 8
tarballs=()
names=()
for package in "${packages[@]}"; do
  cd "$root/$package"
  npm run --silent build >&2
  node "$root/scripts/api-report.js" "$package" --check >&2
  # Packed from a copy, so the prepack/postpack swap of package.json never shows in the working
  # tree (where `npm start` and the other tests resolve the packages through "main"). The copy
  # lies inside the repository, where npm finds backstage-cli for those scripts.
  staging_pack="$root/.cache/pack/$$"
  rm -rf "$staging_pack" && mkdir -p "$staging_pack"
  cp -R package.json dist README.md "$staging_pack/"
  [ -f config.d.ts ] && cp config.d.ts "$staging_pack/"
  destination="$work/$(basename "$package")"
  mkdir -p "$destination"
  (cd "$staging_pack" && npm pack --silent --pack-destination "$destination" >/dev/null)
  rm -rf "$staging_pack"
  tarballs+=("$(ls "$destination"/*.tgz)")
  names+=("$(node -p "require('./package.json').name")")
done

flock -u 8

dependencies="$(for package in "${packages[@]}"; do node -p "JSON.stringify(require('$root/$package/package.json').dependencies)"; done)"
key="$( (cat "$root/package-lock.json" "$scratch/package.json"; echo "$dependencies") | sha256sum | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dev-portal/packaged-backend/$key"
if [ ! -d "$cache/node_modules" ]; then
  echo "Installing the scratch backend into $cache (once per lock file)" >&2
  staging="$cache.staging.$$"
  mkdir -p "$staging"
  cp "$scratch/package.json" "$scratch/index.js" "$staging/"
  (cd "$staging" && npm install --prefer-offline --no-audit --no-fund --save-exact "${tarballs[@]}" >&2)
  # Two runs at once: the first rename wins, the other's install is dropped.
  mv -T "$staging" "$cache" 2>/dev/null || rm -rf "$staging"
fi

# Installs for lock files not seen for two weeks, and runs a crashed test left behind, go.
touch "$cache"
find "$(dirname "$cache")" -mindepth 1 -maxdepth 1 -type d -mtime +14 ! -path "$cache" -exec rm -rf {} + 2>/dev/null || true
find "$cache/runs" -mindepth 1 -maxdepth 1 -type d -mmin +120 -exec rm -rf {} + 2>/dev/null || true

# This run's packages shadow the ones installed into the cache (node looks in the run's
# node_modules first), so a change to either package needs no new install.
run="$cache/runs/$(date +%s)-$$"
for i in "${!names[@]}"; do
  name="${names[$i]}"
  mkdir -p "$run/node_modules/$name"
  tar -xzf "${tarballs[$i]}" -C "$run/node_modules/$name" --strip-components=1
  nested="$cache/node_modules/$name/node_modules"
  [ -d "$nested" ] && ln -s "$nested" "$run/node_modules/$name/node_modules"
done
cp "$scratch/index.js" "$run/"
rm -rf "$work"
echo "$run"
