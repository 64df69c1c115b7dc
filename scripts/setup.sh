#!/usr/bin/env bash
# Installs what the portal and its tests need; a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

# Peer-dependency notices of the upstream packages are noise here; a failed
# install still stops everything, with its whole log.
log="$(mktemp)"
if ! yarn install --immutable >"$log" 2>&1; then cat "$log" >&2; rm -f "$log"; exit 1; fi
grep -vE 'YN0060|YN0002|YN0086' "$log" || true
rm -f "$log"

# The browser tests drive Debian's Chromium; a test tool's own browser
# download cannot work here.
if [ ! -x /usr/bin/chromium ] && [ "${SLIPWAY_SKIP_BROWSER:-}" != 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian's chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: /usr/bin/chromium is missing; run 'sudo apt-get install chromium'" >&2
    exit 1
  fi
fi

# Kustomize and Helm renders run inside a bubblewrap sandbox (no network, no
# file outside the app); without bwrap those renders fail with a message.
if ! command -v bwrap >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian's bubblewrap" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
  else
    echo "setup: bwrap is missing; run 'sudo apt-get install bubblewrap'" >&2
    exit 1
  fi
fi
