#!/usr/bin/env bash
# Installs chDB (npm chdb 3.4.0, ~550 MB, into tools/chdb/node_modules, git-ignored) when missing
# and runs check-ddl.js with the given arguments. Needs Node 20+ and the npm registry.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v node >/dev/null || { echo "check.sh: node not found: install Node 20 (apt-get install nodejs npm)" >&2; exit 3; }
if [[ ! -f $here/node_modules/chdb/package.json ]]; then
  echo "check.sh: installing chdb into $here/node_modules" >&2
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
exec node "$here/check-ddl.js" "$@"
