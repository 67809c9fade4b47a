# shellcheck shell=bash
# Flink standalone session cluster: JobManager and TaskManager JVMs started from the flink-runtime
# entrypoints (flink-dist and its shell scripts are not on Maven Central). Without those scripts
# nothing derives the JVM flags from config.yaml, so every memory component is explicit here and
# the -Xmx/-XX flags below are computed from the same numbers.
#
# flink-s3-fs-hadoop is loaded as a plugin (plugins/s3-fs-hadoop/) and points at the local s3proxy.

# TaskManager memory (MB) besides the two configurable parts (task heap, managed)
TF_FLINK_TM_FRAMEWORK_HEAP=128
TF_FLINK_TM_FRAMEWORK_OFFHEAP=128
TF_FLINK_TM_TASK_OFFHEAP=64
TF_FLINK_TM_NETWORK=128
TF_FLINK_TM_METASPACE=256
TF_FLINK_TM_OVERHEAD=192
# JobManager memory (MB) besides its heap
TF_FLINK_JM_OFFHEAP=128
# the JobManager runs each submitted job's main(): classes of every submission stay loaded a while
TF_FLINK_JM_METASPACE=384
TF_FLINK_JM_OVERHEAD=128

svc_flink_jobmanager_ports() { echo TAPFLOW_FLINK_REST_PORT TAPFLOW_FLINK_RPC_PORT; }
svc_flink_taskmanager_ports() { :; } # RPC and data ports are picked by the OS on 127.0.0.1
svc_flink_jobmanager_module() { echo stack/flink; }
svc_flink_taskmanager_module() { echo stack/flink; }
svc_flink_jobmanager_marker() { tf_marker flink-jobmanager; }
svc_flink_taskmanager_marker() { tf_marker flink-taskmanager; }
svc_flink_jobmanager_prepare() { tf_flink_prepare; }
svc_flink_taskmanager_prepare() { tf_flink_prepare; }

tf_flink_prepare() {
  local dir=$TAPFLOW_HOME/flink
  local task_heap managed
  task_heap=$(tf_mb "$TAPFLOW_FLINK_TM_TASK_HEAP")
  managed=$(tf_mb "$TAPFLOW_FLINK_TM_MANAGED")
  mkdir -p "$dir/conf" "$dir/tmp" "$dir/web-upload" "$dir/plugins/s3-fs-hadoop"
  rm -f "$dir/plugins/s3-fs-hadoop/"*.jar
  cp "$TAPFLOW_ROOT"/stack/flink/target/plugins/s3-fs-hadoop/*.jar "$dir/plugins/s3-fs-hadoop/"
  cat >"$dir/conf/config.yaml" <<YAML
# written by ./tapflow up on every start; edit the TAPFLOW_* settings instead
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $TAPFLOW_FLINK_RPC_PORT
jobmanager.bind-host: 127.0.0.1
# a job's main() calling System.exit must fail that submission, not stop the shared JobManager
cluster.intercept-user-system-exit: THROW
jobmanager.memory.heap.size: $(tf_mb "$TAPFLOW_FLINK_JM_HEAP")m
jobmanager.memory.off-heap.size: ${TF_FLINK_JM_OFFHEAP}m
jobmanager.memory.jvm-metaspace.size: ${TF_FLINK_JM_METASPACE}m
jobmanager.memory.jvm-overhead.min: ${TF_FLINK_JM_OVERHEAD}m
jobmanager.memory.jvm-overhead.max: ${TF_FLINK_JM_OVERHEAD}m
jobmanager.execution.failover-strategy: region

taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.resource-id: tapflow-taskmanager-1
taskmanager.numberOfTaskSlots: $TAPFLOW_FLINK_SLOTS
taskmanager.cpu.cores: $TAPFLOW_FLINK_SLOTS
taskmanager.memory.framework.heap.size: ${TF_FLINK_TM_FRAMEWORK_HEAP}m
taskmanager.memory.task.heap.size: ${task_heap}m
taskmanager.memory.managed.size: ${managed}m
taskmanager.memory.framework.off-heap.size: ${TF_FLINK_TM_FRAMEWORK_OFFHEAP}m
taskmanager.memory.task.off-heap.size: ${TF_FLINK_TM_TASK_OFFHEAP}m
taskmanager.memory.network.min: ${TF_FLINK_TM_NETWORK}m
taskmanager.memory.network.max: ${TF_FLINK_TM_NETWORK}m
taskmanager.memory.jvm-metaspace.size: ${TF_FLINK_TM_METASPACE}m
taskmanager.memory.jvm-overhead.min: ${TF_FLINK_TM_OVERHEAD}m
taskmanager.memory.jvm-overhead.max: ${TF_FLINK_TM_OVERHEAD}m

rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $TAPFLOW_FLINK_REST_PORT
web.upload.dir: $dir/web-upload
io.tmp.dirs: $dir/tmp
parallelism.default: 1

# flink-s3-fs-hadoop (plugin) against the local s3proxy; checkpoints and savepoints go there
s3.endpoint: http://127.0.0.1:$TAPFLOW_S3_PORT
s3.path.style.access: true
s3.connection.ssl.enabled: false
s3.access-key: $TAPFLOW_S3_ACCESS_KEY
s3.secret-key: $TAPFLOW_S3_SECRET_KEY
# s3proxy's filesystem backend cannot delete the "dir/" marker objects S3A tidies up after each
# write (500, retried for minutes); keeping markers avoids those deletes altogether
s3.directory.marker.retention: keep
# fail within seconds instead of retrying for minutes when the local endpoint misbehaves
s3.retry.limit: 3
s3.attempts.maximum: 3
execution.checkpointing.dir: s3://$TAPFLOW_S3_BUCKET/flink/checkpoints
execution.checkpointing.savepoint-dir: s3://$TAPFLOW_S3_BUCKET/flink/savepoints
YAML
  cat >"$dir/conf/log4j-console.properties" <<'PROPS'
# console only: ./tapflow captures it in $TAPFLOW_HOME/logs/flink-*.log
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = ConsoleAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.netty.name = org.apache.flink.shaded.netty4.io.netty
logger.netty.level = WARN
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
PROPS
}

# JVM flags shared by both Flink processes
tf_flink_jvm() {
  local name=$1 dir=$TAPFLOW_HOME/flink
  TF_CMD=("$(tf_java)" "$(tf_marker "$name")" "${TF_FLINK_JAVA_OPTS[@]}" -XX:+UseG1GC
    "-Dlog.file=$(tf_log_file "$name")" "-Dlog4j.configurationFile=file:$dir/conf/log4j-console.properties"
    "-Djava.io.tmpdir=$dir/tmp")
  TF_ENV=("FLINK_CONF_DIR=$dir/conf" "FLINK_PLUGINS_DIR=$dir/plugins")
}

svc_flink_jobmanager_command() {
  local heap
  heap=$(tf_mb "$TAPFLOW_FLINK_JM_HEAP")
  tf_flink_jvm flink-jobmanager
  TF_CMD+=("-Xms${heap}m" "-Xmx${heap}m" "-XX:MaxMetaspaceSize=${TF_FLINK_JM_METASPACE}m"
    "-XX:MaxDirectMemorySize=${TF_FLINK_JM_OFFHEAP}m"
    -cp "$(tf_service_classpath stack/flink flink-jobmanager)"
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    --configDir "$TAPFLOW_HOME/flink/conf")
}

svc_flink_taskmanager_command() {
  local heap direct
  heap=$((TF_FLINK_TM_FRAMEWORK_HEAP + $(tf_mb "$TAPFLOW_FLINK_TM_TASK_HEAP")))
  direct=$((TF_FLINK_TM_FRAMEWORK_OFFHEAP + TF_FLINK_TM_TASK_OFFHEAP + TF_FLINK_TM_NETWORK))
  tf_flink_jvm flink-taskmanager
  TF_CMD+=("-Xms${heap}m" "-Xmx${heap}m" "-XX:MaxMetaspaceSize=${TF_FLINK_TM_METASPACE}m"
    "-XX:MaxDirectMemorySize=${direct}m"
    -cp "$(tf_service_classpath stack/flink flink-taskmanager)"
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    --configDir "$TAPFLOW_HOME/flink/conf")
}

svc_flink_jobmanager_probe() {
  local overview
  overview=$(curl -sf --max-time 3 "http://127.0.0.1:$TAPFLOW_FLINK_REST_PORT/overview") || return 1
  [[ $overview == *'"flink-version"'* ]]
}

# healthy = registered with the JobManager and offering slots
svc_flink_taskmanager_probe() {
  local overview
  overview=$(curl -sf --max-time 3 "http://127.0.0.1:$TAPFLOW_FLINK_REST_PORT/overview") || return 1
  [[ $overview =~ \"slots-total\":[1-9] ]]
}
