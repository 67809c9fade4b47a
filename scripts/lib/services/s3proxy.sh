# shellcheck shell=bash
# s3proxy: the S3 API (path-style, AWS v2/v4 signatures) over a folder; a bucket is a sub-folder.

svc_s3proxy_ports() { echo TAPFLOW_S3_PORT; }
svc_s3proxy_module() { echo stack/s3proxy; }
svc_s3proxy_marker() { tf_marker s3proxy; }

svc_s3proxy_prepare() {
  local dir=$TAPFLOW_HOME/s3proxy
  # the default bucket exists from the first start on
  mkdir -p "$dir/data/$TAPFLOW_S3_BUCKET"
  cat >"$dir/s3proxy.conf" <<PROPS
# written by ./tapflow up on every start; edit the TAPFLOW_* settings instead
s3proxy.endpoint=http://127.0.0.1:$TAPFLOW_S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$TAPFLOW_S3_ACCESS_KEY
s3proxy.credential=$TAPFLOW_S3_SECRET_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$dir/data
jclouds.identity=unused
jclouds.credential=unused
PROPS
  # without a config logback logs every Jetty event at DEBUG
  cat >"$dir/logback.xml" <<'XML'
<configuration>
  <appender name="console" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="org.gaul.s3proxy" level="INFO"/>
  <root level="WARN"><appender-ref ref="console"/></root>
</configuration>
XML
}

svc_s3proxy_command() {
  TF_CMD=("$(tf_java)" "$(tf_marker s3proxy)"
    "-Xms$TAPFLOW_S3_HEAP" "-Xmx$TAPFLOW_S3_HEAP" -Djava.awt.headless=true
    "-Dlogback.configurationFile=$TAPFLOW_HOME/s3proxy/logback.xml"
    -cp "$(tf_service_classpath stack/s3proxy s3proxy)"
    org.gaul.s3proxy.Main --properties "$TAPFLOW_HOME/s3proxy/s3proxy.conf")
}

# SHA-256 of an empty body; S3 SigV4 requires the payload hash header, which curl does not add
TF_EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

# A signed (AWS SigV4) listing of the default bucket: proves the credentials and the bucket.
svc_s3proxy_probe() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 \
    --aws-sigv4 "aws:amz:us-east-1:s3" --user "$TAPFLOW_S3_ACCESS_KEY:$TAPFLOW_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $TF_EMPTY_SHA256" \
    "http://127.0.0.1:$TAPFLOW_S3_PORT/$TAPFLOW_S3_BUCKET?max-keys=1") == 200 ]]
}
