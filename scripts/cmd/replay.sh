#!/usr/bin/env bash
# summary: run the flow engine on a pcap/pcapng file in a Flink MiniCluster; JSON lines out (--help)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/java.sh"
tf_load_settings
tf_build_modules flink-jobs
opts=()
# shellcheck disable=SC2206 # word splitting of user-supplied JVM options is intended
[[ -n ${TAPFLOW_JAVA_OPTS:-} ]] && opts=($TAPFLOW_JAVA_OPTS)
exec "$(tf_java)" "${TF_FLINK_JAVA_OPTS[@]}" "${opts[@]}" -cp "$(tf_module_classpath flink-jobs)" \
  io.tapflow.jobs.ReplayJob "$@"
