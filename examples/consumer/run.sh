#!/usr/bin/env bash
# Runs the single-file consumer example with avro + kafka-clients on the classpath and the
# repository's published .avsc files (current and released versions).
# Usage: examples/consumer/run.sh --topic tapflow.l4-flow-log.v1 [--bootstrap 127.0.0.1:19092] [--max N] [--from-beginning]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cp_file="$here/target/classpath.txt"
if [[ ! -s "$cp_file" ]]; then
  mkdir -p "$here/target"
  mvn -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
fi
exec java -cp "$(cat "$cp_file")" "$here/TapflowTopicConsumer.java" \
  --bootstrap "127.0.0.1:${TAPFLOW_KAFKA_PORT:-19092}" \
  --schemas "$repo/schemas/src/main/avro" --schemas "$repo/schemas/src/released" "$@"
