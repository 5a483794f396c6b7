#!/usr/bin/env bash
# Builds packages/app into dist/ unless dist/ was built from the same sources (its own and the
# workspace packages it bundles) and dependency lock. `npm start` and the browser tests both call
# it, so a second start costs nothing.
set -euo pipefail
APP="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$APP/../.." && pwd)"
STAMP="$APP/dist/.sources.sha256"

# Concurrent callers (parallel jest workers, a second terminal) wait for one build.
exec 9>"${TMPDIR:-/tmp}/dev-portal-app-build.lock"
flock 9

# The bundle holds the workspace's frontend and isomorphic packages too, built from their sources.
bundled_packages="$(cd "$ROOT" && node -e '
  const fs = require("fs");
  const bundled = new Set(["frontend-plugin", "frontend-plugin-module", "web-library", "common-library"]);
  for (const dir of fs.readdirSync("plugins")) {
    const manifest = `plugins/${dir}/package.json`;
    if (fs.existsSync(manifest) && bundled.has(JSON.parse(fs.readFileSync(manifest, "utf8")).backstage?.role)) {
      console.log(`plugins/${dir}/src plugins/${dir}/package.json`);
    }
  }')"
# shellcheck disable=SC2086 # one path per word
sources_hash="$(cd "$ROOT" && find packages/app/src packages/app/public packages/app/package.json packages/app/config.d.ts $bundled_packages -type f -print0 \
  | sort -z | xargs -0 sha256sum | cat - package-lock.json | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" = "$sources_hash" ]; then
  exit 0
fi

echo "building the frontend (packages/app)..." >&2
start=$(date +%s)
(cd "$APP" && npx backstage-cli package build >/dev/null)
echo "$sources_hash" > "$STAMP"
echo "frontend built in $(( $(date +%s) - start )) s" >&2
