#!/usr/bin/env bash
# summary: stop the local stack (or the named services) by PID
# usage: ./tapflow down [SERVICE...]
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
source "$lib/stack.sh"
tf_load_settings

tf_resolve_services "$@"
services=("${TF_SELECTED[@]}")
# reverse start order: the TaskManager goes before the JobManager, Flink before what it writes to
reversed=()
for ((i = ${#services[@]} - 1; i >= 0; i--)); do reversed+=("${services[i]}"); done
tf_stop_services "${reversed[@]}"
tf_info "stopped: ${reversed[*]}"
