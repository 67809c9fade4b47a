#!/usr/bin/env bash
# summary: build the Flink job jar if stale and submit FlowJob to a session cluster over REST (--help)
# usage: ./tapflow submit [--flink-rest URL] [--from-savepoint PATH [--allow-non-restored-state]]
#                         [--entry-class CLASS] [--] [FlowJob options...]
#   Builds flink-jobs/target/tapflow-flink-jobs-<v>-job.jar when it is missing or older than the
#   sources, uploads it (POST /jars/upload), runs it (POST /jars/ID/run) and prints the job id, the
#   web UI URL and the job's state. URL defaults to http://127.0.0.1:$TAPFLOW_FLINK_REST_PORT.
#   --from-savepoint resumes from a savepoint or retained checkpoint (the path ./tapflow savepoint
#   printed). FlowJob options (see `--help-job`) come after the script's own; the script puts the
#   stack's Kafka and ClickHouse addresses and the cluster's checkpoint dir first, so yours win:
#     --kafka-bootstrap 127.0.0.1:$TAPFLOW_KAFKA_PORT
#     --clickhouse-url http://127.0.0.1:$TAPFLOW_CLICKHOUSE_HTTP_PORT
#     --checkpoint-dir ''   (the cluster's execution.checkpointing.dir)
#   Keep --group-id the same across stop and resume: it names the Kafka transactions and the
#   ClickHouse sink's commit log that make the output exactly once.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/java.sh"
tf_load_settings

flink_rest=http://127.0.0.1:${TAPFLOW_FLINK_REST_PORT:-18081}
module=flink-jobs

# The shaded job jar: rebuilt (mvn install of flink-jobs and what it needs) when missing or stale.
tf_job_jar() {
  local jar
  jar=$(find "$TAPFLOW_ROOT/$module/target" -maxdepth 1 -name 'tapflow-flink-jobs-*-job.jar' 2>/dev/null | head -n 1)
  local inputs=("$TAPFLOW_ROOT/pom.xml")
  local dir
  for dir in flink-jobs schemas packet-core; do
    inputs+=("$TAPFLOW_ROOT/$dir/pom.xml")
    [[ -d $TAPFLOW_ROOT/$dir/src/main ]] && inputs+=("$TAPFLOW_ROOT/$dir/src/main")
  done
  if [[ -z $jar || -n $(find "${inputs[@]}" -newer "$jar" -print -quit 2>/dev/null) ]]; then
    command -v mvn >/dev/null || tf_die "mvn not found: install Maven 3.8+"
    local log=$TAPFLOW_HOME/logs/build.log
    mkdir -p "$TAPFLOW_HOME/logs"
    tf_info "building the job jar (mvn install -DskipTests -pl $module -am; log: $log)"
    if ! (cd "$TAPFLOW_ROOT" && mvn -B -ntp install -DskipTests -pl "$module" -am) >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      tf_die "the Maven build of $module failed (full log: $log)"
    fi
    touch "$TAPFLOW_ROOT/$module/target/classpath.txt"
    jar=$(find "$TAPFLOW_ROOT/$module/target" -maxdepth 1 -name 'tapflow-flink-jobs-*-job.jar' | head -n 1)
    [[ -n $jar ]] || tf_die "$module built but left no target/tapflow-flink-jobs-*-job.jar"
  fi
  echo "$jar"
}

# One line when nothing answers, before a build that would be wasted.
tf_require_flink() {
  curl -sf --max-time 10 -o /dev/null "$1/overview" && return 0
  tf_die "the Flink REST API at $1 is not reachable; start the cluster with ./tapflow up flink, or point to it with --flink-rest URL or TAPFLOW_FLINK_REST_PORT"
}

# The REST client (io.tapflow.jobs.submit.SubmitCli) runs from the job jar itself: it needs only Jackson.
tf_submit_cli() {
  local jar=$1
  shift
  local opts=()
  # shellcheck disable=SC2206 # word splitting of user-supplied JVM options is intended
  [[ -n ${TAPFLOW_JAVA_OPTS:-} ]] && opts=($TAPFLOW_JAVA_OPTS)
  exec "$(tf_java)" "${opts[@]}" -cp "$jar" io.tapflow.jobs.submit.SubmitCli "$@"
}

# ./tapflow savepoint and ./tapflow jobs come through here: submit.sh --client COMMAND ARGS...
if [[ ${1:-} == --client ]]; then
  command=$2
  shift 2
  args=()
  while (($#)); do
    case $1 in
      --flink-rest) flink_rest=$2; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  tf_require_flink "$flink_rest"
  tf_submit_cli "$(tf_job_jar)" "$command" --flink-rest "$flink_rest" "${args[@]}"
fi

own=()
while (($#)); do
  case $1 in
    --flink-rest) flink_rest=$2; shift 2 ;;
    --from-savepoint | --entry-class) own+=("$1" "$2"); shift 2 ;;
    --allow-non-restored-state) own+=("$1"); shift ;;
    --) shift; break ;;
    -h | --help) sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    --help-job)
      sed -n '/USAGE = """/,/"""/p' "$TAPFLOW_ROOT/$module/src/main/java/io/tapflow/jobs/FlowJobOptions.java" | sed '1d;$d;s/^            //'
      exit 0 ;;
    *) break ;;
  esac
done

tf_require_flink "$flink_rest"
jar=$(tf_job_jar)
defaults=(--kafka-bootstrap "127.0.0.1:$TAPFLOW_KAFKA_PORT"
  --clickhouse-url "http://127.0.0.1:$TAPFLOW_CLICKHOUSE_HTTP_PORT"
  --checkpoint-dir '')
tf_submit_cli "$jar" submit --flink-rest "$flink_rest" --jar "$jar" "${own[@]}" -- "${defaults[@]}" "$@"
