#!/usr/bin/env bash
# Runs every check: types, lint, every package's tests (on PostgreSQL and
# SQLite where they touch a database) and the browser smoke test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/toolchain.sh
PATH="$(scripts/infra/tools.sh):$PATH"

step() { printf '\n=== %s\n' "$*"; }

step "type-check"
yarn tsc

# Reads the declarations tsc just emitted: a public API that changed without
# its regenerated report.api.md (yarn build:api-reports) fails here.
step "API reports"
yarn lint:api-reports

step "lint"
yarn lint:all

step "unit and integration tests"
BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(scripts/infra/postgres.sh start)"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
trap 'scripts/infra/postgres.sh stop' EXIT
CI=true yarn test:all

step "browser smoke test"
yarn test:smoke

step "install test: the packages in portals made by create-app, both frontend systems"
yarn test:install
