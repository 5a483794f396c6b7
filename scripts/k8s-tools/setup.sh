#!/usr/bin/env bash
# Installs the pinned tools that render and validate the generated Kubernetes manifests into
# .cache/ of the repository. Idempotent: a second run only checks versions. Prints nothing on
# success but the tool paths, so callers (the k8s render tests) can run it every time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/k8s-tools"
CACHE="$ROOT/.cache"
BIN="$CACHE/bin"
STATE="$CACHE/k8s-tools"
# v5.8.3 needs Go 1.27; these machines have Go 1.26.
KUSTOMIZE_VERSION=v5.8.2

mkdir -p "$BIN" "$STATE"
# Parallel test runs share .cache: one installer at a time.
exec 9>"$STATE/install.lock"
flock 9

export GOTOOLCHAIN=local GOBIN="$BIN"

if [[ "$("$BIN/kustomize" version 2>/dev/null || true)" != "$KUSTOMIZE_VERSION" ]]; then
  echo "installing kustomize $KUSTOMIZE_VERSION" >&2
  go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
fi

checker_sources="$(cat "$HERE/imageupdater-check/"{main.go,go.mod,go.sum} | sha256sum | cut -d' ' -f1)"
if [[ ! -x "$BIN/imageupdater-check" || "$(cat "$STATE/imageupdater-check.sha256" 2>/dev/null)" != "$checker_sources" ]]; then
  echo "building imageupdater-check" >&2
  (cd "$HERE/imageupdater-check" && go build -o "$BIN/imageupdater-check" .) >&2
  echo "$checker_sources" > "$STATE/imageupdater-check.sha256"
fi

venv="$(bash "$ROOT/scripts/python-venv.sh" "$HERE/requirements.txt")"
checkov_venv="$(bash "$ROOT/scripts/python-venv.sh" "$HERE/requirements-checkov.txt")"

# The CRDs of the custom kinds the manifests and bootstrap files use, as each project publishes
# them in its own pinned Go module (downloaded, not built; crds.txt): the strict schema check reads
# them, and the API server test installs them.
updater_version="$(awk '$1 == "github.com/argoproj-labs/argocd-image-updater" { print $2 }' "$HERE/imageupdater-check/go.mod")"
crd_files=()
while read -r module version sum files; do
  [[ -z "$module" || "$module" == \#* ]] && continue
  if [[ "$module" == github.com/argoproj-labs/argocd-image-updater && "$version" != "$updater_version" ]]; then
    echo "crds.txt has Image Updater $version but imageupdater-check decodes with $updater_version" >&2
    exit 1
  fi
  # Outside any module, with no -mod flag: only the module cache and the proxy are involved.
  info="$(cd / && GOFLAGS= go mod download -json "$module@$version")" || {
    echo "cannot download $module@$version for its CRDs: $info" >&2
    exit 1
  }
  read -r dir got_sum <<<"$(python3 -c 'import json, sys; m = json.load(sys.stdin); print(m["Dir"], m["Sum"])' <<<"$info")"
  if [[ "$got_sum" != "$sum" ]]; then
    echo "$module@$version has the sum $got_sum, not the $sum that crds.txt pins" >&2
    exit 1
  fi
  for file in $files; do
    [[ -f "$dir/$file" ]] || { echo "$module@$version has no $file" >&2; exit 1; }
    crd_files+=("$dir/$file")
  done
done < "$HERE/crds.txt"

echo "kustomize=$BIN/kustomize"
echo "imageupdater-check=$BIN/imageupdater-check"
echo "kubernetes-validate=$venv/bin/kubernetes-validate"
echo "crd-validate=$venv/bin/python $HERE/crd-validate.py"
echo "crds=${crd_files[*]}"
echo "checkov=$checkov_venv/bin/checkov"
