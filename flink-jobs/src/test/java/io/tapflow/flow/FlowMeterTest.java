package io.tapflow.flow;

import static io.tapflow.flow.Conversation.ACK;
import static io.tapflow.flow.Conversation.BASE;
import static io.tapflow.flow.Conversation.FIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-second meters add up exactly to the flow-log records, second by second. */
class FlowMeterTest {
    private static final long S = 1_000_000L;

    private static Conversation longFlow() {
        // BASE is 40 s into a minute; the flow lives 150 s with a quiet gap from +31 s to +95 s
        Conversation c = Conversation.tcp().handshake(0, 100, 100);
        for (long t : new long[] {1, 2, 2, 11, 31, 95, 96, 150}) {
            c.data(t * S, true, 100).data(t * S + 700, false, 200);
        }
        return c.packet(151 * S, true, FIN | ACK, 0).packet(151 * S + 100, false, FIN | ACK, 0)
                .ack(151 * S + 200, true).idleUntil(160 * S);
    }

    @Test
    void metersSumToTheRecords() {
        Conversation c = longFlow();
        List<L4FlowLog> records = c.records;
        assertThat(c.meters.stream().mapToLong(m -> m.counters.packets[0]).sum())
                .isEqualTo(records.stream().mapToLong(L4FlowLog::getPacketTx).sum());
        assertThat(c.meters.stream().mapToLong(m -> m.counters.bytes[1]).sum())
                .isEqualTo(records.stream().mapToLong(L4FlowLog::getByteRx).sum());
        assertThat(c.meters.stream().mapToLong(m -> m.counters.artCount).sum())
                .isEqualTo(records.stream().mapToLong(L4FlowLog::getArtCount).sum()).isEqualTo(8);
        assertThat(c.meters.stream().mapToLong(m -> m.counters.rttCount).sum()).isEqualTo(1);
        assertThat(c.meters.stream().mapToInt(m -> m.newFlow).sum()).isEqualTo(1);
        assertThat(c.meters.stream().mapToInt(m -> m.closed).sum()).isEqualTo(1);
        assertThat(c.meters).allSatisfy(m -> assertThat(m.flowId).isEqualTo(records.get(0).getFlowId()));
    }

    @Test
    void oneMeterPerActiveSecondAndOnePerMinuteStartWhileAlive() {
        Conversation c = longFlow();
        long base = BASE / S;
        // packet seconds: +0 (handshake), +1, +2, +11, +31, +95, +96, +150, +151 (FIN);
        // minute starts while alive: +20, +80, +140; the FIN-closed flow ends at +152 (1 s later)
        assertThat(c.meters).extracting(m -> m.timeSec - base)
                .containsExactly(0L, 1L, 2L, 11L, 20L, 31L, 80L, 95L, 96L, 140L, 150L, 151L, 152L);
        assertThat(c.meters).filteredOn(m -> m.aliveAtMinuteStart == 1).extracting(m -> m.timeSec - base)
                .containsExactly(20L, 80L, 140L);
        assertThat(c.meters.get(c.meters.size() - 1).closed).isEqualTo(1);
        assertThat(c.meters.get(c.meters.size() - 1).closeType).isEqualTo(CloseType.TCP_FIN);
        assertThat(c.meters.get(0).newFlow).isEqualTo(1);
        // within a second, several packets make one meter
        assertThat(c.meters.get(2).counters.packets[0]).isEqualTo(2);
    }

    @Test
    void aTimedOutFlowIsClosedWhenTheTimeoutIsDetected() {
        Conversation c = new Conversation(FlowEngineConfig.defaults(), 17, true)
                .packet(0, true, 0, 50).idleUntil(6 * S);
        assertThat(c.meters).extracting(m -> m.timeSec - BASE / S).containsExactly(0L, 5L);
        assertThat(c.meters.get(1).closed).isEqualTo(1);
        assertThat(c.meters.get(1).counters.isEmpty()).isTrue();
    }
}
