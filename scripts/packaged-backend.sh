#!/usr/bin/env bash
# Packs the scaffolder module as npm would publish it and installs the tarball into a Backstage
# backend outside the workspace (scripts/packaged-backend/: its own package.json, the same exact
# Backstage versions). Prints the folder to start the backend from (`node index.js --config ...`).
#
# Steps: declarations (tsc), `backstage-cli package build` to dist/, the API report checked, `npm
# pack` of a copy of the package (its prepack/postpack swap in publishConfig). The backend's node_modules is installed once
# per lock file, scratch package.json and module dependencies, under ~/.cache (outside the clone):
# a first `npm install` of the tarball from the registry (warm npm cache: --prefer-offline), then
# each run unpacks the current tarball into its own folder beside it, so the module resolves the
# dependencies that real install brought.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
plugin="$root/plugins/scaffolder-backend-module-django-gitops"
scratch="$root/scripts/packaged-backend"
name="@dev-portal/plugin-scaffolder-backend-module-django-gitops"

cd "$plugin"
npm run --silent build >&2
node "$root/scripts/api-report.js" plugins/scaffolder-backend-module-django-gitops --check >&2
work="$(mktemp -d)"
# Packed from a copy, so the prepack/postpack swap of package.json never shows in the working
# tree (where `npm start` and the other tests resolve the module through "main"). The copy lies
# inside the repository, where npm finds backstage-cli for those scripts.
staging_pack="$root/.cache/pack/$$"
rm -rf "$staging_pack" && mkdir -p "$staging_pack"
cp -R package.json dist config.d.ts README.md "$staging_pack/"
(cd "$staging_pack" && npm pack --silent --pack-destination "$work" >/dev/null)
rm -rf "$staging_pack"
tarball="$(ls "$work"/*.tgz)"

key="$( (cat "$root/package-lock.json" "$scratch/package.json"; node -p "JSON.stringify(require('$plugin/package.json').dependencies)") | sha256sum | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dev-portal/packaged-backend/$key"
if [ ! -d "$cache/node_modules" ]; then
  echo "Installing the scratch backend into $cache (once per lock file)" >&2
  staging="$cache.staging.$$"
  mkdir -p "$staging"
  cp "$scratch/package.json" "$scratch/index.js" "$staging/"
  (cd "$staging" && npm install --prefer-offline --no-audit --no-fund --save-exact "$tarball" >&2)
  # Two runs at once: the first rename wins, the other's install is dropped.
  mv -T "$staging" "$cache" 2>/dev/null || rm -rf "$staging"
fi

# Installs for lock files not seen for two weeks, and runs a crashed test left behind, go.
find "$(dirname "$cache")" -mindepth 1 -maxdepth 1 -type d -mtime +14 -exec rm -rf {} + 2>/dev/null || true
find "$cache/runs" -mindepth 1 -maxdepth 1 -type d -mmin +120 -exec rm -rf {} + 2>/dev/null || true
touch "$cache"

run="$cache/runs/$(date +%s)-$$"
mkdir -p "$run/node_modules/$name"
tar -xzf "$tarball" -C "$run/node_modules/$name" --strip-components=1
nested="$cache/node_modules/$name/node_modules"
[ -d "$nested" ] && ln -s "$nested" "$run/node_modules/$name/node_modules"
cp "$scratch/index.js" "$run/"
rm -rf "$work"
echo "$run"
