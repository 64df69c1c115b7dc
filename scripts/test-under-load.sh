#!/usr/bin/env bash
# Runs the test command (scripts/test.sh) N times in a row (default 3) while
# stress-ng keeps every core busy, to prove the suite holds under CPU
# contention. Stops at the first red run. Needs Debian's stress-ng.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
if ! command -v stress-ng >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null
  else
    echo "test-under-load: stress-ng is missing; run 'sudo apt-get install stress-ng'" >&2
    exit 1
  fi
fi
cpus="$(nproc)"
stress-ng --cpu "$cpus" --timeout 4h --quiet &
stress=$!
trap 'kill "$stress" 2>/dev/null || true' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  echo "=== run $i of $runs under stress-ng --cpu $cpus"
  scripts/test.sh
  echo "=== run $i green in $(($(date +%s) - start)) s"
done
