# shellcheck shell=bash
# Debian's clickhouse-server 18.16, run directly with its own config, data folder and ports
# (never the system service, which would use /etc and /var/lib).

svc_clickhouse_ports() {
  echo TAPFLOW_CLICKHOUSE_HTTP_PORT TAPFLOW_CLICKHOUSE_TCP_PORT TAPFLOW_CLICKHOUSE_INTERSERVER_PORT
}
svc_clickhouse_module() { :; }
svc_clickhouse_marker() { echo "--config-file=$TAPFLOW_HOME/clickhouse/config.xml"; }

svc_clickhouse_binary() {
  command -v clickhouse-server 2>/dev/null ||
    { [[ -x /usr/sbin/clickhouse-server ]] && echo /usr/sbin/clickhouse-server; } ||
    tf_die "clickhouse-server not found (apt-get install clickhouse-server)"
}

svc_clickhouse_prepare() {
  local dir=$TAPFLOW_HOME/clickhouse
  mkdir -p "$dir/data/tmp" "$dir/data/user_files" "$dir/data/format_schemas"
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<!-- written by ./tapflow up on every start; edit the TAPFLOW_* settings instead -->
<yandex>
    <logger>
        <!-- console only: ./tapflow captures it in \$TAPFLOW_HOME/logs/clickhouse.log -->
        <console>1</console>
        <level>information</level>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$TAPFLOW_CLICKHOUSE_HTTP_PORT</http_port>
    <tcp_port>$TAPFLOW_CLICKHOUSE_TCP_PORT</tcp_port>
    <interserver_http_port>$TAPFLOW_CLICKHOUSE_INTERSERVER_PORT</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <max_connections>1024</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <!-- the package defaults (8 GiB / 5 GiB) are sized for a dedicated server -->
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$dir/data/</path>
    <tmp_path>$dir/data/tmp/</tmp_path>
    <user_files_path>$dir/data/user_files/</user_files_path>
    <format_schema_path>$dir/data/format_schemas/</format_schema_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <!-- stored DateTime values are rendered in UTC, whatever the host's zone -->
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
    <query_log>
        <database>system</database>
        <table>query_log</table>
        <partition_by>toYYYYMM(event_date)</partition_by>
        <flush_interval_milliseconds>7500</flush_interval_milliseconds>
    </query_log>
</yandex>
XML
  cat >"$dir/users.xml" <<'XML'
<?xml version="1.0"?>
<!-- user 'default' without password, loopback only -->
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
            <use_uncompressed_cache>0</use_uncompressed_cache>
            <load_balancing>random</load_balancing>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
XML
}

svc_clickhouse_command() {
  TF_CMD=("$(svc_clickhouse_binary)" "$(svc_clickhouse_marker)")
}

svc_clickhouse_probe() {
  [[ $(curl -sf --max-time 3 \
    "http://127.0.0.1:$TAPFLOW_CLICKHOUSE_HTTP_PORT/?query=SELECT%201%20FORMAT%20TabSeparated") == 1 ]]
}
