#!/usr/bin/env bash
# Builds the config tools the renderers run (kustomize, helm) from the Go
# module proxy into a cache outside the repo; prints the folder to put on PATH.
# A second run builds nothing.
set -euo pipefail

KUSTOMIZE_VERSION=v5.7.1
HELM_VERSION=v3.22.0
BIN="${XDG_CACHE_HOME:-$HOME/.cache}/slipway/tools/kustomize-$KUSTOMIZE_VERSION-helm-$HELM_VERSION/bin"

# Static binaries (no cgo): the render sandbox binds in the tool alone, with
# no /usr or /etc beside it. A binary built with cgo by an older run of this
# script is rebuilt.
is_static() {
  go version -m "$1" 2>/dev/null | grep -q 'CGO_ENABLED=0'
}

build() {
  local name="$1" module="$2"
  command -v go >/dev/null || { echo "tools.sh: Go is needed to build $name" >&2; exit 1; }
  [ -x "$BIN/$name" ] && is_static "$BIN/$name" && return
  local started=$SECONDS
  CGO_ENABLED=0 GOBIN="$BIN" GOFLAGS=-p=2 go install "$module" >&2
  echo "tools.sh: built $name in $((SECONDS - started))s" >&2
}

mkdir -p "$BIN"
build kustomize "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
build helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
# Remembered for scripts/toolchain.sh, which puts it on PATH for later shells.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$ROOT/.toolchain" && echo "$BIN" >"$ROOT/.toolchain/tools-path"
echo "$BIN"
