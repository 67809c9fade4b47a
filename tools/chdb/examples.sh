#!/usr/bin/env bash
# Installs chDB when missing (as check.sh does) and runs run-examples.js with the given arguments.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v node >/dev/null || { echo "examples.sh: node not found: install Node 20 (apt-get install nodejs npm)" >&2; exit 3; }
if [[ ! -f $here/node_modules/chdb/package.json ]]; then
  echo "examples.sh: installing chdb into $here/node_modules" >&2
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
exec node "$here/run-examples.js" "$@"
