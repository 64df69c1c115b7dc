#!/usr/bin/env bash
# Builds Slipway's publishable packages and packs each with `yarn pack` into
# dist-packages/ (or the folder given): the tarballs are the release artifact.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/toolchain.sh
out="$(mkdir -p "${1:-dist-packages}" && cd "${1:-dist-packages}" && pwd)"

# Lowest layer first: each build reads the declarations `yarn tsc` emitted.
packages=(
  plugin-gitops-common
  plugin-gitops-node
  plugin-gitops-backend
  plugin-gitops-backend-module-git-url-reader
  plugin-scaffolder-backend-module-gitops
  plugin-gitops
  cli
)

yarn tsc
for name in "${packages[@]}"; do
  yarn workspace "@slipway/$name" build
  # %v is the version: slipway-plugin-gitops-0.1.0.tgz
  yarn workspace "@slipway/$name" pack --out "$out/slipway-$name-%v.tgz" >/dev/null
done
ls -1 "$out"/slipway-*.tgz
