#!/usr/bin/env bash
# Runs the test suite (or the vitest arguments given) beside a CPU-bound load, as on a busy
# machine: `stress-ng --cpu N` (Debian's stress-ng; N = LOAD_CPUS, default 2), or nice'd busy loops
# where stress-ng is missing. The load stops when the tests end, however they end.
#
#   npm run test:loaded                                   # typecheck, lint and every test
#   npm run test:loaded -- tests/e2e/cases.test.ts        # some files only
set -euo pipefail
cpus="${LOAD_CPUS:-2}"
load_pids=()
stop_load() {
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_load EXIT INT TERM

if command -v stress-ng >/dev/null 2>&1; then
  stress-ng --cpu "$cpus" --quiet &
  load_pids+=("$!")
else
  for _ in $(seq "$cpus"); do
    nice -n 0 bash -c 'while :; do :; done' &
    load_pids+=("$!")
  done
fi
echo "busy-machine: ${cpus} CPU-bound worker(s) running (pids ${load_pids[*]})" >&2

if [ "$#" -eq 0 ]; then
  npm test
else
  npx vitest run --config tests/vitest.config.ts "$@"
fi
