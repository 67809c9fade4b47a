# shellcheck shell=bash
# One real Elasticsearch 7.10.2 node in its own JVM (codelibs' cluster runner, see stack/elasticsearch).

svc_elasticsearch_ports() { echo TAPFLOW_ES_PORT TAPFLOW_ES_TRANSPORT_PORT; }
svc_elasticsearch_module() { echo stack/elasticsearch; }
svc_elasticsearch_marker() { tf_marker elasticsearch; }

svc_elasticsearch_prepare() {
  mkdir -p "$TAPFLOW_HOME/elasticsearch/tmp"
}

svc_elasticsearch_command() {
  local dir=$TAPFLOW_HOME/elasticsearch
  # the JVM flags of Elasticsearch's own jvm.options that matter outside its launcher
  TF_CMD=("$(tf_java)" "$(tf_marker elasticsearch)"
    "-Xms$TAPFLOW_ES_HEAP" "-Xmx$TAPFLOW_ES_HEAP" -XX:+UseG1GC
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true
    -XX:-OmitStackTraceInFastThrow -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
    -Dio.netty.recycler.maxCapacityPerThread=0 -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true
    -Des.networkaddress.cache.ttl=60 "-Djava.io.tmpdir=$dir/tmp"
    -cp "$(tf_service_classpath stack/elasticsearch elasticsearch)"
    io.tapflow.stack.elasticsearch.ElasticsearchNode "$dir" "$TAPFLOW_ES_PORT" "$TAPFLOW_ES_TRANSPORT_PORT")
}

svc_elasticsearch_probe() {
  local health
  health=$(curl -sf --max-time 3 "http://127.0.0.1:$TAPFLOW_ES_PORT/_cluster/health") || return 1
  [[ $health =~ \"status\":\"(green|yellow)\" ]]
}
