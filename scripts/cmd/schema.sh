#!/usr/bin/env bash
# summary: ClickHouse schema: print the DDL, apply migrations, show status, enforce retention
# usage: ./tapflow schema print [--target modern|legacy|cluster] [--cluster NAME] [--retention DB.TABLE=DAYS]...
#        ./tapflow schema apply [--target auto|modern|legacy|cluster] [--port P] [--host H] [--database-prefix P]
#        ./tapflow schema status [--port P]
#        ./tapflow schema retention [--retention DB.TABLE=DAYS]... [--max-disk-bytes N] [--dry-run]
#        ./tapflow schema rollup [--from YYYY-MM-DD] [--to YYYY-MM-DD]   (rebuild 1 h / 1 d rollups from the 1 min tables; docs/metrics.md)
# The ClickHouse HTTP port defaults to TAPFLOW_CLICKHOUSE_HTTP_PORT. See docs/schemas.md.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
tf_load_settings
tf_build_modules tools
tf_java_main tools io.tapflow.tools.schema.SchemaManager "$@"
