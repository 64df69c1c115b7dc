#!/usr/bin/env bash
# Starts the portal: frontend on http://localhost:3000, backend on 7007.
# Unless SLIPWAY_DEMO=0, it first brings up the local demo infrastructure (a
# Kubernetes control plane and a git server serving examples/gitops-repo) and
# points Slipway at it, so the example services sync out of the box.
set -euo pipefail
cd "$(dirname "$0")/.."
SLIPWAY_SKIP_BROWSER=1 scripts/setup.sh
source scripts/toolchain.sh
PATH="$(scripts/infra/tools.sh):$PATH"

config=(--config "$PWD/app-config.yaml")
if [ "${SLIPWAY_DEMO:-1}" != 0 ]; then
  mkdir -p .cache/demo
  log=.cache/demo/infra.log
  node --require @backstage/cli/config/nodeTransform.cjs packages/test-env/src/demo.ts >"$log" 2>&1 &
  demo=$!
  trap 'kill "$demo" 2>/dev/null; wait "$demo" 2>/dev/null' EXIT
  echo "start: bringing up the local control plane and git server (log: $log)"
  until grep -q '^demo: ready' "$log"; do
    if ! kill -0 "$demo" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 1
  done
  config+=(--config "$PWD/.cache/demo/app-config.demo.yaml")
fi
yarn start "${config[@]}" "$@"
