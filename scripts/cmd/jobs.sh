#!/usr/bin/env bash
# summary: list the Flink cluster's jobs, or cancel one without a savepoint (--help)
# usage: ./tapflow jobs [--flink-rest URL]                 JOB_ID, STATE and NAME of every job
#        ./tapflow jobs cancel JOB_ID [--flink-rest URL]   cancel (state since the last checkpoint is dropped;
#                                                          use ./tapflow savepoint --stop to keep it)
set -euo pipefail
case ${1:-} in
  -h | --help) sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
  cancel) shift; exec bash "$(dirname "$0")/submit.sh" --client cancel "$@" ;;
esac
exec bash "$(dirname "$0")/submit.sh" --client jobs "$@"
