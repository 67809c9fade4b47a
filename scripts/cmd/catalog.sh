#!/usr/bin/env bash
# summary: resource catalog: validate and load a YAML/JSON catalog into tapflow.resources, list it, benchmark lookups
#
#   ./tapflow catalog load FILE [--kafka-bootstrap HOST:PORT] [--topic T] [--version N] [--prune] [--dry-run]
#   ./tapflow catalog check FILE
#   ./tapflow catalog list [--kafka-bootstrap HOST:PORT] [--topic T]
#   ./tapflow catalog bench [--resources N] [--cidrs N] [--seconds S]
#
# Kafka defaults to the local stack's broker (127.0.0.1:$TAPFLOW_KAFKA_PORT). The file format and
# the enrichment it feeds are described in docs/enrichment.md; examples in examples/catalog/.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/java.sh"
tf_load_settings
export TAPFLOW_KAFKA_PORT # CatalogCommand's default broker

if [[ ${1:-} == bench ]]; then
  shift
  # the lookup structures live in the Flink job's jar (io.tapflow.enrich)
  tf_build_modules flink-jobs
  tf_java_main flink-jobs io.tapflow.enrich.bench.LookupBenchmark "$@"
fi
tf_build_modules resource-sync
tf_java_main resource-sync io.tapflow.resources.CatalogCommand "$@"
