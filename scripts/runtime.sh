# The Node.js line Tongyuan runs on: production images (deploy/Dockerfile.*), CI and the tests.
# Source it (`. scripts/runtime.sh`), as .ci/run does. When the machine's node is older than
# NODE_LINE, it installs the official Linux build of NODE_VERSION from the npm registry
# (package node-linux-<arch>: bin/node and include/node, nothing else) into .runtime/, puts it
# first on PATH and points native addon builds (node-gyp, for better-sqlite3) at its headers,
# so nothing is fetched from nodejs.org. npm itself stays the machine's, run by the new node.
# test/runtime.test.ts checks that this line, the Dockerfiles and package.json engines agree.

NODE_LINE=24
NODE_VERSION=24.22.3
# Tells the tests which line this shell was set up for (test/runtime.test.ts checks the node they run on).
export TONGYUAN_NODE_LINE="$NODE_LINE"

tongyuan_runtime() {
  local root have arch dir tmp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  have="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$have" -ge "$NODE_LINE" ]; then
    return 0
  fi
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "runtime.sh: no node-linux build for $(uname -m); install Node.js $NODE_LINE yourself" >&2; return 1 ;;
  esac
  dir="$root/.runtime/node-v$NODE_VERSION-linux-$arch"
  if [ ! -x "$dir/bin/node" ] || [ ! -f "$dir/include/node/node.h" ]; then
    echo "runtime.sh: node $(node -v 2>/dev/null || echo missing) is older than $NODE_LINE; installing node-linux-$arch@$NODE_VERSION from the npm registry into .runtime/" >&2
    mkdir -p "$root/.runtime"
    tmp="$(mktemp -d "$root/.runtime/download.XXXXXX")"
    # npm pack checks the tarball against the registry's integrity hash.
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >/dev/null) || { rm -rf "$tmp"; return 1; }
    mkdir -p "$tmp/node"
    tar -xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$tmp/node" --strip-components=1 || { rm -rf "$tmp"; return 1; }
    rm -rf "$tmp/node/share" "$tmp"/node/*.md # man pages and the changelog: not needed to run or build
    rm -rf "$dir" && mv "$tmp/node" "$dir" && rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # node-gyp builds against these headers (include/node) instead of downloading them.
  export npm_config_nodedir="$dir"
  hash -r
  if [ "$(node -p 'process.versions.node')" != "$NODE_VERSION" ]; then
    echo "runtime.sh: $dir/bin/node is not $NODE_VERSION" >&2
    return 1
  fi
}

tongyuan_runtime
