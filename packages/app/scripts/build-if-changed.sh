#!/usr/bin/env bash
# Builds packages/app into dist/ unless dist/ was built from the same sources and dependency
# lock. `npm start` and the browser tests both call it, so a second start costs nothing.
set -euo pipefail
APP="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$APP/../.." && pwd)"
STAMP="$APP/dist/.sources.sha256"

# Concurrent callers (parallel jest workers, a second terminal) wait for one build.
exec 9>"${TMPDIR:-/tmp}/dev-portal-app-build.lock"
flock 9

# The app's own sources and the workspace packages it bundles (the models editor and the spec).
sources_hash="$(cd "$ROOT" && find packages/app/src packages/app/public packages/app/package.json \
  plugins/scaffolder-module-django-gitops/src plugins/scaffolder-module-django-gitops/package.json \
  plugins/django-gitops-common/src plugins/django-gitops-common/package.json -type f -print0 | sort -z \
  | xargs -0 sha256sum | cat - "$ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" = "$sources_hash" ]; then
  exit 0
fi

echo "building the frontend (packages/app)..." >&2
start=$(date +%s)
(cd "$APP" && npx backstage-cli package build >/dev/null)
echo "$sources_hash" > "$STAMP"
echo "frontend built in $(( $(date +%s) - start )) s" >&2
