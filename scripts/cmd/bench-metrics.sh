#!/usr/bin/env bash
# summary: benchmark the metrics rollup: documents reduced per core (hot path and Flink), bytes per stored row in ClickHouse
# usage: ./tapflow bench-metrics [--flows N] [--seconds N] [--packets N] [--no-storage]
# The storage part writes to the local ClickHouse (TAPFLOW_CLICKHOUSE_HTTP_PORT) under a throw-away database prefix.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/java.sh"
tf_load_settings
tf_build_modules flink-jobs
cp="$TAPFLOW_ROOT/flink-jobs/target/test-classes:$(tf_module_classpath flink-jobs):$(<"$TAPFLOW_ROOT/flink-jobs/target/test-classpath.txt")"
cd "$TAPFLOW_ROOT/flink-jobs"   # the benchmark reads ../sql/generated
exec "$(tf_java)" "${TF_FLINK_JAVA_OPTS[@]}" -Xmx4g -cp "$cp" io.tapflow.metrics.MetricsBenchmark "$@"
