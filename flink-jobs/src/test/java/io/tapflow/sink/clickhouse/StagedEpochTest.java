package io.tapflow.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StagedEpochTest {
    @Test
    void committablesSurviveTheCheckpointRoundTrip() throws Exception {
        StagedEpoch e = new StagedEpoch("flow_log_l4_flow_log", "tapflow_meta", "s_1a2b3c4d_stage", "s_1a2b3c4d_apply",
                3, 42L, Long.MAX_VALUE, 12_345L, "8f14e45f-ceea-467f-a0e6-7b1c2f3e4d5a");
        StagedEpoch.Serializer s = new StagedEpoch.Serializer();
        assertThat(s.deserialize(s.getVersion(), s.serialize(e))).isEqualTo(e);
    }
}
