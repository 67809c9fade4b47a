#!/usr/bin/env bash
# summary: benchmark the flow engine: packets and new flows per CPU-second vs argus/tcptrace; 'jmh' for the JMH suite
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/java.sh"
tf_load_settings
tf_build_modules flink-jobs
cp="$TAPFLOW_ROOT/flink-jobs/target/test-classes:$(tf_module_classpath flink-jobs):$(<"$TAPFLOW_ROOT/flink-jobs/target/test-classpath.txt")"
if [[ ${1:-} == jmh ]]; then
  shift
  exec "$(tf_java)" "${TF_FLINK_JAVA_OPTS[@]}" -cp "$cp" org.openjdk.jmh.Main 'io.tapflow.bench.FlowEngineJmh' "$@"
fi
exec "$(tf_java)" "${TF_FLINK_JAVA_OPTS[@]}" -Xmx4g -cp "$cp" io.tapflow.bench.EngineBenchmark "$@"
