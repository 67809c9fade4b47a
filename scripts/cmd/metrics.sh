#!/usr/bin/env bash
# summary: metric dictionary: print it, or write the SQL of metrics under operators (Sum, Avg, Max, Min, Percentile, Spread, RSpread, StdDev, Apdex, Distinct)
# usage: ./tapflow metrics sql --table flow_metrics.network_1m --from 2024-01-01T00:00:00Z --to 2024-01-01T01:00:00Z \
#            --group-by ip,server_port --where 'role = 1' --select percentile:rtt:95 --select avg:retrans_ratio [--order-by SQL] [--limit N]
#        ./tapflow metrics dictionary [--format markdown|tsv]
# Pipe the SQL into clickhouse-client or the HTTP interface. See docs/metrics.md.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
tf_load_settings
tf_build_modules tools
tf_java_main tools io.tapflow.tools.metrics.MetricsCommand "$@"
