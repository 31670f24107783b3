#!/usr/bin/env bash
# Issue 9's flake check: the README's `npm test` in several fresh clones of HEAD at once, each run the others' load,
# repeated, with one line per run in $OUT/results.txt. Each clone is a stream: `22` and `24` are Node.js lines
# (scripts/ci/with-node.sh), so `flake-check.sh 22 22 24` runs three streams. Not part of CI: a run takes about
# 14 minutes alone on two cores, and 30-55 minutes beside two others.
#
#   scripts/ci/flake-check.sh [LINE...]        streams (default: 22 22), RUNS runs each (default 5)
#   touch $OUT/STOP                            each stream stops after its current run
#
# Everything a run needs is its own: the clone, its node_modules, its PostgreSQL database (e2e and vitest's global
# setup make one per run), its ports (freePort). A killed run can leave its tessera_run_* database behind.
set -uo pipefail

lines=("$@")
((${#lines[@]})) || lines=(22 22)
runs=${RUNS:-5}
out=${OUT:-/tmp/tessera-flake}
repo=$(git -C "$(dirname "$0")/../.." rev-parse --show-toplevel)
rev=$(git -C "$repo" rev-parse --short HEAD)
mkdir -p "$out" && rm -f "$out/STOP" && : >>"$out/results.txt"
export CI=true NEXT_TELEMETRY_DISABLED=1 npm_config_fund=false npm_config_audit=false

stream() {
  local name=$1 line=$2 dir=$out/$1
  rm -rf "$dir" && git clone -q "$repo" "$dir" && cd "$dir" || return 1
  scripts/ci/with-node.sh 22 npm ci --no-audit --no-fund >"$out/$name-install.log" 2>&1 || {
    echo "$name install failed" >>"$out/results.txt"
    return 1
  }
  for i in $(seq 1 "$runs"); do
    [[ -e $out/STOP ]] && break
    local start t0 rc
    start=$(date +%H:%M:%S) t0=$(date +%s)
    scripts/ci/with-node.sh "$line" npm test </dev/null >"$out/$name-$i.log" 2>&1
    rc=$?
    echo "$name run $i node$line $rev $start-$(date +%H:%M:%S) $(($(date +%s) - t0))s exit=$rc load=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/results.txt"
  done
}

for n in "${!lines[@]}"; do
  stream "s$n" "${lines[$n]}" &
  sleep 15 # the clones' installs, one after another
done
wait
echo "results: $out/results.txt"
cat "$out/results.txt"
