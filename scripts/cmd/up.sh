#!/usr/bin/env bash
# summary: start the local stack (or the named services) and wait until healthy
# usage: ./tapflow up [SERVICE...]   services: s3proxy kafka clickhouse elasticsearch flink (or
#        flink-jobmanager, flink-taskmanager); aliases es, s3, ch, jm, tm. Default: all.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
source "$lib/stack.sh"
tf_load_settings

tf_resolve_services "$@"
services=("${TF_SELECTED[@]}")
tf_ensure_apt_packages
if ! tf_start_services "${services[@]}"; then
  # leave the machine as this call found it: stop what it started
  ((${#TF_STARTED[@]})) && tf_stop_services "${TF_STARTED[@]}"
  tf_die "the stack did not come up (logs: $TAPFLOW_HOME/logs)"
fi
tf_print_status "${services[@]}"
