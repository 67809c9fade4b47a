#!/usr/bin/env bash
# summary: savepoint a running Flink job (--stop: stop it with one) and print the path to resume from (--help)
# usage: ./tapflow savepoint JOB_ID [--stop] [--target-dir URI] [--timeout SECONDS] [--flink-rest URL]
#   Triggers a savepoint (POST /jobs/ID/savepoints; with --stop, stop-with-savepoint POST /jobs/ID/stop,
#   after which the job is FINISHED with its output committed up to the savepoint), polls until it is
#   written (default timeout 600 s) and prints its location. Resume with
#   ./tapflow submit --from-savepoint PATH -- <the same job options>.
#   Target: --target-dir, else, with --flink-rest, the cluster's execution.checkpointing.savepoint-dir;
#   on the local stack (no --flink-rest) file://$TAPFLOW_HOME/flink/savepoints, because a savepoint on
#   s3proxy cannot be restored (docs/deploy.md).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
tf_load_settings
case ${1:-} in
  "" | -h | --help) sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
target=()
if [[ " $* " != *" --target-dir "* && " $* " != *" --flink-rest "* ]]; then
  mkdir -p "$TAPFLOW_HOME/flink/savepoints"
  target=(--target-dir "file://$TAPFLOW_HOME/flink/savepoints")
fi
exec bash "$(dirname "$0")/submit.sh" --client savepoint "$@" "${target[@]}"
