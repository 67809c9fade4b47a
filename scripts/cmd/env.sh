#!/usr/bin/env bash
# summary: print the effective TAPFLOW_* settings as export lines (eval "$(./tapflow env)")
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
tf_load_settings
for name in "${TF_SETTINGS[@]}"; do
  printf 'export %s=%q\n' "$name" "${!name}"
done
