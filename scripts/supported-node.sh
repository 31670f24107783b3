#!/usr/bin/env bash
# Runs a command on a supported Node.js line (22 or later): the Node.js on PATH when it is one, otherwise Node.js 22
# from the npm registry's `node` package (scripts/ci/with-node.sh, cached after the first time). `npm start` and
# `npm test` go through it so the README's two commands work on a machine whose Node.js is older: better-sqlite3 13,
# the first release that does not abort on Node.js 24, is built for Node-API 10 and crashes on Node.js 20.
set -euo pipefail
major=$(node -p 'process.versions.node.split(".")[0]')
if ((major >= 22)); then
  exec "$@"
fi
echo "Node.js $(node --version) is not supported (22 or later is); running on Node.js 22 from the npm registry" >&2
exec "$(dirname "$0")/ci/with-node.sh" 22 "$@"
