package io.tapflow.tools.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.codec.SchemaCatalog;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class DdlRendererTest {

    private static final SchemaCatalog CATALOG = SchemaCatalog.fromClasspath();

    private static String script(RenderTarget target) {
        return new MigrationPlan(CATALOG, new DdlRenderer(RenderOptions.of(target))).script();
    }

    @Test
    void everyTableHasExactlyTheFieldsOfItsRecordAsColumnsInOrder() {
        for (RenderTarget target : RenderTarget.values()) {
            String ddl = script(target);
            for (TableSpec t : Tables.all()) {
                Schema released = CATALOG.released(t.schema()).get(0);
                List<String> fields = released.getFields().stream().map(Schema.Field::name).toList();
                assertThat(columnsOf(ddl, t)).as("%s columns in the %s rendering", t.qualifiedName(), target).isEqualTo(fields);
            }
        }
    }

    @Test
    void legacyRenderingUsesOnlyWhatClickHouse1816Accepts() {
        String ddl = script(RenderTarget.LEGACY);
        assertThat(Pattern.compile("`[a-z0-9_]+` (LowCardinality|DateTime64|IPv4|IPv6)").matcher(ddl).find()).isFalse();
        assertThat(ddl).doesNotContain("CODEC(", "\nTTL ", "ON CLUSTER", "Replicated");
        assertThat(ddl).contains("`start_time` UInt64", "`ip4_0` UInt32", "`ip6_0` FixedString(16)", "`agent_id` String",
                "PARTITION BY toYYYYMMDD(time)");
    }

    @Test
    void modernRenderingUsesNativeTypesCodecsAndTtl() {
        String ddl = script(RenderTarget.MODERN);
        assertThat(ddl).contains("`start_time` DateTime64(6) COMMENT 'Start of the interval", "CODEC(DoubleDelta, ZSTD(1)),\n", "`ip4_0` IPv4", "`ip6_1` IPv6",
                "`agent_id` LowCardinality(String)", "`group_ids_0` Array(UInt16)",
                "TTL time + INTERVAL 3 DAY", "ttl_only_drop_parts = 1", "non_replicated_deduplication_window");
        assertThat(ddl).doesNotContain("ON CLUSTER");
    }

    @Test
    void clusterRenderingReplicatesAndDistributesUnderTheUserFacingName() {
        String ddl = new MigrationPlan(CATALOG, new DdlRenderer(new RenderOptions(RenderTarget.CLUSTER, "prod", java.util.Map.of(), ""))).script();
        assertThat(ddl).contains(
                "CREATE TABLE IF NOT EXISTS flow_log.l4_flow_log_local ON CLUSTER prod",
                "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_log/l4_flow_log_local', '{replica}')",
                "CREATE TABLE IF NOT EXISTS flow_log.l4_flow_log ON CLUSTER prod AS flow_log.l4_flow_log_local",
                "ENGINE = Distributed(prod, flow_log, l4_flow_log_local, sipHash64(flow_id))",
                "CREATE DATABASE IF NOT EXISTS tapflow_meta ON CLUSTER prod");
    }

    @Test
    void retentionAndDatabasePrefixAreConfigurable() {
        RenderOptions o = RenderOptions.of(RenderTarget.MODERN).withTtl("flow_log.l7_flow_log", 9).withDatabasePrefix("t1_");
        String ddl = new MigrationPlan(CATALOG, new DdlRenderer(o)).script();
        assertThat(ddl).contains("CREATE TABLE IF NOT EXISTS t1_flow_log.l7_flow_log", "TTL time + INTERVAL 9 DAY",
                "TTL time + INTERVAL 3 DAY", "t1_tapflow_meta.schema_migrations");
    }

    @Test
    void commentsAreEscapedStringLiterals() {
        assertThat(DdlRenderer.quote("the flow's end \\ 'x'")).isEqualTo("'the flow\\'s end \\\\ \\'x\\''");
    }

    /** Column names of the CREATE TABLE of {@code t} (the user-facing one, or its _local table on a cluster). */
    static List<String> columnsOf(String ddl, TableSpec t) {
        Matcher m = Pattern.compile("CREATE TABLE IF NOT EXISTS \\w+\\." + t.table() + "(_local)?( ON CLUSTER \\w+)?\\n\\((.*?)\\n\\)\\nENGINE", Pattern.DOTALL).matcher(ddl);
        assertThat(m.find()).as("CREATE TABLE of %s", t.qualifiedName()).isTrue();
        return Pattern.compile("^    `([a-z0-9_]+)` ", Pattern.MULTILINE).matcher(m.group(3)).results()
                .map(r -> r.group(1)).collect(Collectors.toList());
    }
}
