#!/usr/bin/env bash
# Starts the portal: frontend on http://localhost:3000, backend on 7007.
set -euo pipefail
cd "$(dirname "$0")/.."
SLIPWAY_SKIP_BROWSER=1 scripts/setup.sh
source scripts/toolchain.sh
PATH="$(scripts/infra/tools.sh):$PATH"
exec yarn start "$@"
