# shellcheck shell=bash
# Kafka broker + controller in one JVM (KRaft, static quorum of one voter), from the kafka_2.13 jars.

svc_kafka_ports() { echo TAPFLOW_KAFKA_PORT TAPFLOW_KAFKA_CONTROLLER_PORT; }
svc_kafka_module() { echo stack/kafka; }
svc_kafka_marker() { tf_marker kafka; }

svc_kafka_prepare() {
  local dir=$TAPFLOW_HOME/kafka
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
# written by ./tapflow up on every start; edit the TAPFLOW_* settings instead
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$TAPFLOW_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$TAPFLOW_KAFKA_PORT,CONTROLLER://127.0.0.1:$TAPFLOW_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$TAPFLOW_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
# one broker: every internal topic has one replica
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$dir/log4j2.properties" <<'PROPS'
# console only: ./tapflow captures it in $TAPFLOW_HOME/logs/kafka.log
status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
logger.kafka.name = kafka
logger.kafka.level = info
logger.state.name = state.change.logger
logger.state.level = warn
PROPS
  if [[ ! -f $dir/data/meta.properties ]]; then
    local cluster_id
    # a Kafka cluster id is 16 random bytes, URL-safe base64 without padding
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    tf_info "formatting Kafka storage (cluster id $cluster_id)"
    "$(tf_java)" -Xmx256m -Dlog4j2.configurationFile="$dir/log4j2.properties" \
      -cp "$(tf_module_classpath stack/kafka)" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$dir/server.properties" >"$TAPFLOW_HOME/logs/kafka-format.log" 2>&1 || {
      cat "$TAPFLOW_HOME/logs/kafka-format.log" >&2
      tf_die "formatting the Kafka log directory failed"
    }
  fi
}

svc_kafka_command() {
  local dir=$TAPFLOW_HOME/kafka
  TF_CMD=("$(tf_java)" "$(tf_marker kafka)"
    "-Xms$TAPFLOW_KAFKA_HEAP" "-Xmx$TAPFLOW_KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$dir/log4j2.properties" "-Dkafka.logs.dir=$TAPFLOW_HOME/logs"
    -cp "$(tf_service_classpath stack/kafka kafka)" kafka.Kafka "$dir/server.properties")
}

# A real protocol round trip: an ApiVersions v0 request must come back with our correlation id and
# error code 0 (the broker answers only once it has started).
svc_kafka_probe() (
  # a subshell: the socket's descriptor closes with it
  exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$TAPFLOW_KAFKA_PORT" || exit 1
  # size=10 | api_key=18 (ApiVersions) | api_version=0 | correlation_id="tapf" | client_id=null
  printf '\x00\x00\x00\x0a\x00\x12\x00\x00\x74\x61\x70\x66\xff\xff' >&3
  reply=$(timeout 3 head -c 10 <&3 | od -An -tx1 | tr -d ' \n')
  # size(4 bytes, any) | correlation_id | error_code
  [[ ${reply:8:12} == 746170660000 ]]
)
