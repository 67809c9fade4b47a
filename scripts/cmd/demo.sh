#!/usr/bin/env bash
# summary: the whole path on the local stack: capture agent -> Kafka -> Flink -> ClickHouse, with a summary
# usage: ./tapflow demo [--packets N] [--pace N] [--keep-stack]
#   Brings Kafka and ClickHouse up (installing what is missing), applies the ClickHouse schema,
#   generates a capture of realistic traffic (default 300 000 packets), replays it through the
#   capture agent at N x capture pace (default 4) into the flow job, and ends with a summary
#   queried from ClickHouse, with its SQL. Stops the services it started unless --keep-stack.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/java.sh"
tf_load_settings

packets=300000 pace=4 keep=false
while (($#)); do
  case $1 in
    --packets) packets=$2; shift 2 ;;
    --pace) pace=$2; shift 2 ;;
    --keep-stack) keep=true; shift ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) tf_die "demo: unknown option $1 (see ./tapflow demo --help)" ;;
  esac
done

root=$TAPFLOW_ROOT
started=()
for service in kafka clickhouse; do
  "$root/tapflow" status "$service" >/dev/null 2>&1 || started+=("$service")
done
if ((${#started[@]})); then
  "$root/tapflow" up "${started[@]}"
  $keep || trap '"$root/tapflow" down "${started[@]}"' EXIT
fi
"$root/tapflow" schema apply
capture=$TAPFLOW_HOME/demo/mix-$packets.pcap
if [[ ! -f $capture ]]; then
  mkdir -p "$(dirname "$capture")"
  "$root/tapflow" gen mix "$capture" --packets "$packets" --rate 2000 --no-truth
fi
tf_build_modules flink-jobs capture-agent
"$(tf_java)" "${TF_FLINK_JAVA_OPTS[@]}" -cp "$(tf_module_classpath flink-jobs)" io.tapflow.jobs.Demo "$capture" "$pace" "$root"
