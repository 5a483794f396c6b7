#!/usr/bin/env bash
# Builds imageupdater-parse against Argo CD Image Updater v1.3.0's own source. The module proxy
# serves the v1.3.0 module but not the two modules it needs that its go.mod replaces with local
# folders (registry-scanner, and gitops-engine from Argo CD v3.5.1), so the build takes both
# source trees as arguments:
#   build.sh IMAGE_UPDATER_V1.3.0_SOURCE ARGO_CD_V3.5.1_GITOPS_ENGINE_SOURCE OUTPUT
# (`git archive v1.3.0` of argoproj-labs/argocd-image-updater; `git archive v3.5.1 gitops-engine`
# of argoproj/argo-cd). The replace directives are Image Updater's own, pointed at those folders.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
updater="$(cd "$1" && pwd)"; engine="$(cd "$2" && pwd)"; output="$3"
build="$(mktemp -d)"
cp "$here/main.go" "$build/"
{
  echo 'module devportal/k8s-tools/imageupdater-parse'
  echo
  grep -m1 '^go ' "$updater/go.mod"
  echo
  echo 'require github.com/argoproj-labs/argocd-image-updater v1.3.0'
  echo
  # Image Updater's replace block, its local folders made absolute.
  sed -n '/^replace (/,/^)/p' "$updater/go.mod" |
    sed -e "s#=> \./registry-scanner/#=> $updater/registry-scanner#" \
        -e "s#^\(\s*github.com/argoproj/argo-cd/gitops-engine\) => .*#\1 => $engine#"
  echo "replace github.com/argoproj-labs/argocd-image-updater => $updater"
} > "$build/go.mod"
cp "$updater/go.sum" "$build/go.sum"
cd "$build"
GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod tidy >&2
GOTOOLCHAIN=local go build -trimpath -o "$output" . >&2
echo "$output"
