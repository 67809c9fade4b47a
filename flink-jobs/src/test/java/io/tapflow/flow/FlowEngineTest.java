package io.tapflow.flow;

import static io.tapflow.flow.Conversation.ACK;
import static io.tapflow.flow.Conversation.BASE;
import static io.tapflow.flow.Conversation.FIN;
import static io.tapflow.flow.Conversation.PSH;
import static io.tapflow.flow.Conversation.RST;
import static io.tapflow.flow.Conversation.SYN;
import static io.tapflow.flow.Conversation.micros;
import static org.assertj.core.api.Assertions.assertThat;

import io.tapflow.schema.L4FlowLog;
import org.junit.jupiter.api.Test;

class FlowEngineTest {
    private static final long S = 1_000_000L;

    /** A complete request/response conversation closed by FIN from the client. */
    private static Conversation finClose() {
        return Conversation.tcp()
                .handshake(0, 2_000, 3_000)
                .data(10_000, true, 300)          // request
                .ack(10_400, false)               // server pure ACK: srt 400
                .data(25_000, false, 1200)        // response: art 15 000
                .ack(25_300, true)
                .packet(30_000, true, FIN | ACK, 0)
                .packet(30_500, false, FIN | ACK, 0)
                .ack(31_000, true)
                .idleUntil(31_000 + 1 * S);
    }

    @Test
    void finCloseIsReportedOneSecondAfterTheLastAckWithEveryLatency() {
        L4FlowLog r = finClose().only();
        assertThat(r.getCloseType()).isEqualTo(CloseType.TCP_FIN);
        assertThat(r.getStatus()).isZero();
        assertThat(r.getPacketTx()).isEqualTo(6);
        assertThat(r.getPacketRx()).isEqualTo(4);
        assertThat(r.getByteTx()).isEqualTo(6 * 40 + 300);
        assertThat(r.getByteRx()).isEqualTo(4 * 40 + 1200);
        assertThat(r.getL4ByteTx()).isEqualTo(300);
        assertThat(r.getL4ByteRx()).isEqualTo(1200);
        assertThat(r.getRtt()).isEqualTo(5_000);
        assertThat(r.getRttServerSum()).isEqualTo(2_000);
        assertThat(r.getRttClientSum()).isEqualTo(3_000);
        assertThat(r.getSrtSum()).isEqualTo(400);
        assertThat(r.getSrtCount()).isEqualTo(1);
        assertThat(r.getArtSum()).isEqualTo(15_000);
        assertThat(r.getArtCount()).isEqualTo(1);
        assertThat(r.getRetransTx() + r.getRetransRx() + r.getZeroWinTx() + r.getZeroWinRx()).isZero();
        assertThat(r.getClientPort()).isEqualTo(40000);
        assertThat(r.getServerPort()).isEqualTo(80);
        assertThat(r.getDirectionSource()).isEqualTo(1);
        assertThat(micros(r.getStartTime())).isEqualTo(BASE);
        assertThat(micros(r.getEndTime())).isEqualTo(BASE + 31_000);
        assertThat(r.getDuration()).isEqualTo(31_000);
        assertThat(r.getIsNewFlow()).isEqualTo(1);
        assertThat(r.getTcpFlagsBit0()).isEqualTo(SYN | ACK | PSH | FIN);
        assertThat(r.getTcpFlagsBit1()).isEqualTo(SYN | ACK | PSH | FIN);
        assertThat(r.getSynCount()).isEqualTo(1);
        assertThat(r.getSynackCount()).isEqualTo(1);
    }

    @Test
    void batchBoundariesDoNotChangeTheResult() {
        Conversation split = Conversation.tcp().handshake(0, 2_000, 3_000).flush()
                .data(10_000, true, 300).flush().ack(10_400, false).data(25_000, false, 1200).flush()
                .ack(25_300, true).packet(30_000, true, FIN | ACK, 0).flush()
                .packet(30_500, false, FIN | ACK, 0).ack(31_000, true).idleUntil(31_000 + 1 * S);
        assertThat(split.only()).isEqualTo(finClose().only());
    }

    @Test
    void directionIsCorrectedWhenTheFirstPacketSeenIsTheServers() {
        Conversation c = new Conversation(FlowEngineConfig.defaults(), 6, false)
                .synAck(0).ack(1_000, true).data(2_000, true, 100).data(3_000, false, 100)
                .packet(4_000, true, RST | ACK, 0).idleUntil(10 * S);
        L4FlowLog r = c.only();
        assertThat(r.getDirectionSource()).isEqualTo(2);
        assertThat(r.getClientPort()).isEqualTo(40000);
        assertThat(r.getIp40()).isEqualTo(0x0A000001L);
        assertThat(r.getIp41()).isEqualTo(0x0A000002L);
        assertThat(r.getPacketTx()).isEqualTo(3);
        assertThat(r.getRttClientSum()).isEqualTo(1_000);
        assertThat(r.getRtt()).as("SYN not seen, no full handshake time").isZero();
        assertThat(r.getCloseType()).isEqualTo(CloseType.TCP_CLIENT_RST);
    }

    @Test
    void midStreamFlowUsesThePortRule() {
        L4FlowLog r = new Conversation(FlowEngineConfig.defaults(), 6, false)
                .data(0, false, 100).data(1_000, true, 100).idleUntil(400 * S).last();
        assertThat(r.getDirectionSource()).isEqualTo(4);
        assertThat(r.getServerPort()).isEqualTo(80);
        assertThat(r.getCloseType()).isEqualTo(CloseType.TIMEOUT);
    }

    @Test
    void everyCloseTypeIsReachable() {
        assertThat(closeTypeOf(finClose())).isEqualTo(CloseType.TCP_FIN);
        assertThat(closeTypeOf(Conversation.tcp().handshake(0, 100, 100).data(1_000, true, 10)
                .packet(2_000, false, RST | ACK, 0))).isEqualTo(CloseType.TCP_SERVER_RST);
        assertThat(closeTypeOf(Conversation.tcp().handshake(0, 100, 100).data(1_000, true, 10)
                .packet(2_000, true, RST | ACK, 0))).isEqualTo(CloseType.TCP_CLIENT_RST);
        assertThat(closeTypeOf(Conversation.tcp().handshake(0, 100, 100).data(1_000, true, 10)))
                .isEqualTo(CloseType.TIMEOUT);
        assertThat(closeTypeOf(Conversation.tcp().syn(0).retransmit(1 * S, true, SYN, 0).retransmit(3 * S, true, SYN, 0)))
                .isEqualTo(CloseType.CLIENT_SYN_REPEAT);
        assertThat(closeTypeOf(Conversation.tcp().handshake(0, 100, 100).packet(1_000, false, FIN | ACK, 0).ack(1_100, true)))
                .isEqualTo(CloseType.SERVER_HALF_CLOSE);
        assertThat(closeTypeOf(Conversation.tcp().syn(0).synAck(100).retransmit(1 * S, false, SYN | ACK, 0)))
                .isEqualTo(CloseType.SERVER_SYN_ACK_REPEAT);
        assertThat(closeTypeOf(Conversation.tcp().handshake(0, 100, 100).packet(1_000, true, FIN | ACK, 0).ack(1_100, false)))
                .isEqualTo(CloseType.CLIENT_HALF_CLOSE);
        assertThat(closeTypeOf(Conversation.tcp().syn(0).ack(100, false).packet(200, true, RST, 0)))
                .isEqualTo(CloseType.CLIENT_SOURCE_PORT_REUSE);
        Conversation reuse = Conversation.tcp().handshake(0, 100, 100).data(1_000, true, 10).syn(2 * S).idleUntil(2 * S);
        assertThat(reuse.records).extracting(L4FlowLog::getCloseType).containsExactly(CloseType.CLIENT_SOURCE_PORT_REUSE);
        assertThat(reuse.state.tcpState()).isEqualTo(TcpState.OPENING_1);
        Conversation lateSynCopy = Conversation.tcp().handshake(0, 100, 100).retransmit(300, true, ACK, 0)
                .retransmit(400, true, SYN, 0);
        lateSynCopy.flush();
        assertThat(lateSynCopy.records).as("a copy of the flow's own SYN is not a new connection").isEmpty();
        assertThat(closeTypeOf(Conversation.tcp().syn(0).packet(100, false, RST | ACK, 0)))
                .isEqualTo(CloseType.SERVER_RESET);
        assertThat(closeTypeOf(Conversation.tcp().handshake(0, 100, 100).retransmit(1 * S, false, SYN | ACK, 0)))
                .isEqualTo(CloseType.SERVER_QUEUE_LACK);
        assertThat(closeTypeOf(Conversation.tcp().syn(0).synAck(100).packet(200, true, RST, 0)))
                .isEqualTo(CloseType.CLIENT_ESTABLISH_OTHER_RST);
        assertThat(closeTypeOf(Conversation.tcp().syn(0).synAck(100).packet(200, false, RST | ACK, 0)))
                .isEqualTo(CloseType.SERVER_ESTABLISH_OTHER_RST);
        assertThat(closeTypeOf(Conversation.tcp().packet(0, true, 0, 10)))
                .as("a packet without flags").isEqualTo(CloseType.UNKNOWN);
    }

    private static int closeTypeOf(Conversation c) {
        return c.idleUntil(1000 * S).last().getCloseType();
    }

    @Test
    void timeoutsFollowTheStateClasses() {
        // SYN only: OPENING class, 5 s. Ends at the last packet, reported once 5 s have passed.
        Conversation c = Conversation.tcp().syn(0).idleUntil(4_999_999);
        assertThat(c.records).isEmpty();
        c.idleUntil(5 * S);
        assertThat(c.records).hasSize(1);
        // established, 300 s
        Conversation e = Conversation.tcp().handshake(0, 100, 100).idleUntil(300 * S - 201 + 200);
        assertThat(e.records.stream().filter(r -> r.getCloseType() != CloseType.FORCED_REPORT)).isEmpty();
        e.idleUntil(300 * S + 200);
        assertThat(e.records.get(e.records.size() - 1).getCloseType()).isEqualTo(CloseType.TIMEOUT);
        // half close: CLOSING class, 35 s
        Conversation h = Conversation.tcp().handshake(0, 100, 100).packet(1_000, true, FIN | ACK, 0).idleUntil(36_000_999);
        assertThat(h.records.get(h.records.size() - 1).getCloseType()).isEqualTo(CloseType.CLIENT_HALF_CLOSE);
    }

    @Test
    void aPacketAfterTheTimeoutStartsANewFlow() {
        Conversation c = Conversation.tcp().syn(0).syn(6 * S);
        c.flush();
        assertThat(c.records).hasSize(1);
        assertThat(c.records.get(0).getCloseType()).isEqualTo(CloseType.TIMEOUT);
        assertThat(c.state.firstTs).isEqualTo(BASE + 6 * S);
        assertThat(c.state.flowId).isNotEqualTo(c.records.get(0).getFlowId());
    }

    @Test
    void aNewSynOnAClosingFlowEndsItAndStartsAnother() {
        Conversation c = Conversation.tcp().handshake(0, 100, 100)
                .packet(1_000, true, FIN | ACK, 0).packet(1_100, false, FIN | ACK, 0)
                .syn(2_000).synAck(2_100).ack(2_200, true).flush();
        assertThat(c.records).hasSize(1);
        assertThat(c.records.get(0).getCloseType()).isEqualTo(CloseType.TCP_FIN);
        assertThat(c.records.get(0).getPacketTx()).isEqualTo(3);
        assertThat(c.state.record.packets[FlowState.CLIENT]).isEqualTo(2);
        assertThat(c.state.rtt).isEqualTo(200);
        assertThat(c.state.flowId).isNotEqualTo(c.records.get(0).getFlowId());
    }

    @Test
    void aStrayPacketAfterTheCloseStaysInItsFlowAndAZeroClosedTimeoutReportsAtOnce() {
        Conversation c = Conversation.tcp().handshake(0, 100, 100)
                .packet(1_000, true, FIN | ACK, 0).packet(1_100, false, FIN | ACK, 0).ack(1_200, true)
                .ack(1_300, false).idleUntil(10 * S);
        assertThat(c.only().getPacketRx()).isEqualTo(3);
        assertThat(c.only().getCloseType()).isEqualTo(CloseType.TCP_FIN);

        Conversation at0 = new Conversation(FlowEngineConfig.builder().closedTimeout(java.time.Duration.ZERO).build(), 6, true)
                .handshake(0, 100, 100).packet(1_000, true, FIN | ACK, 0).packet(1_100, false, FIN | ACK, 0).ack(1_200, true);
        assertThat(at0.only().getCloseType()).isEqualTo(CloseType.TCP_FIN);
        assertThat(at0.state).isNull();
    }

    @Test
    void aFlowClosedJustBeforeAMinuteBoundaryIsOneRecord() {
        // BASE is 40 s into a minute; the FIN close ends at +19.9 s, its 1 s grace period crosses +20 s
        Conversation c = Conversation.tcp().handshake(19_800_000, 100, 100)
                .packet(19_900_000, true, FIN | ACK, 0).packet(19_900_100, false, FIN | ACK, 0).ack(19_900_200, true)
                .idleUntil(30 * S);
        assertThat(c.only().getCloseType()).isEqualTo(CloseType.TCP_FIN);
        assertThat(c.only().getPacketTx() + c.only().getPacketRx()).isEqualTo(6);
    }

    @Test
    void retransmissionsAndZeroWindowsPerSide() {
        L4FlowLog r = Conversation.tcp()
                .syn(0).retransmit(1 * S, true, SYN, 0).synAck(1 * S + 100).ack(1 * S + 200, true)
                .data(2 * S, true, 500).retransmit(2 * S + 300_000, true, PSH | ACK, 500)
                .data(2 * S + 400_000, false, 800).retransmit(2 * S + 900_000, false, PSH | ACK, 800)
                .retransmit(2 * S + 950_000, false, PSH | ACK, 800)
                .packet(3 * S, true, ACK, 0, 0).packet(3 * S + 1, true, ACK, 0, 0)
                .packet(3 * S + 2, false, ACK, 0, 0)
                .packet(4 * S, false, RST, 0, 0)
                .idleUntil(10 * S).only();
        assertThat(r.getRetransTx()).isEqualTo(2);
        assertThat(r.getRetransRx()).isEqualTo(2);
        assertThat(r.getZeroWinTx()).isEqualTo(2);
        assertThat(r.getZeroWinRx()).as("the RST's zero window is not counted").isEqualTo(1);
        assertThat(r.getSynCount()).isEqualTo(2);
        assertThat(r.getRtt()).as("first SYN to the handshake ACK").isEqualTo(1 * S + 200);
        assertThat(r.getRttServerSum()).as("the latest SYN to the SYN-ACK").isEqualTo(100);
    }

    @Test
    void keepAlivesAreNeitherRequestsNorRetransmissions() {
        L4FlowLog r = Conversation.tcp().handshake(0, 100, 100)
                .data(1_000, true, 100).data(2_000, false, 100)
                .retransmit(60_000, true, ACK, 1).ack(60_100, false)
                .retransmit(120_000, true, ACK, 1).ack(120_100, false)
                .packet(130_000, true, FIN | ACK, 0).packet(130_100, false, FIN | ACK, 0).ack(130_200, true)
                .idleUntil(10 * S).only();
        assertThat(r.getRetransTx()).isZero();
        assertThat(r.getArtCount()).isEqualTo(1);
        assertThat(r.getArtSum()).isEqualTo(1_000);
        assertThat(r.getSrtCount()).as("an ACK of a keep-alive is not a system-latency sample").isZero();
    }

    @Test
    void latenciesAboveTheCapsAreDiscarded() {
        L4FlowLog r = Conversation.tcp().handshake(0, 100, 100)
                .data(1_000, true, 100).ack(1_000 + 11 * S, false)    // srt 11 s > 10 s cap
                .data(20 * S, true, 100).data(51 * S, false, 100)     // art 31 s > 30 s cap
                .data(52 * S, true, 100).data(52 * S + 7, false, 100) // art 7 µs
                .idleUntil(1000 * S).records.stream()
                .reduce((a, b) -> { b.setSrtCount(a.getSrtCount() + b.getSrtCount());
                    b.setArtCount(a.getArtCount() + b.getArtCount());
                    b.setArtMax(Math.max(a.getArtMax(), b.getArtMax())); return b; }).orElseThrow();
        assertThat(r.getSrtCount()).isZero();
        assertThat(r.getArtCount()).isEqualTo(1);
        assertThat(r.getArtMax()).isEqualTo(7);
    }

    @Test
    void aLongFlowIsReportedAtEveryMinuteWithContiguousTimesAndAStableId() {
        // BASE is 40 s into a minute: boundaries at +20 s, +80 s, +140 s
        Conversation c = Conversation.tcp().handshake(0, 100, 100);
        for (long t = 1; t <= 150; t += 10) {
            c.data(t * S, true, 100).data(t * S + 500, false, 100);
        }
        c.packet(151 * S, true, FIN | ACK, 0).packet(151 * S + 100, false, FIN | ACK, 0).ack(151 * S + 200, true);
        c.flush();
        assertThat(c.records).as("the closed flow waits 1 s for stray packets").hasSize(3);
        c.ack(151 * S + 300, false).idleUntil(151 * S + 300 + 1 * S);
        assertThat(c.records).hasSize(4);
        long id = c.records.get(0).getFlowId();
        long start = BASE;
        long packets = 0;
        for (int i = 0; i < 4; i++) {
            L4FlowLog r = c.records.get(i);
            assertThat(r.getFlowId()).isEqualTo(id);
            assertThat(micros(r.getStartTime())).isEqualTo(start);
            assertThat(r.getCloseType()).isEqualTo(i < 3 ? CloseType.FORCED_REPORT : CloseType.TCP_FIN);
            assertThat(r.getIsNewFlow()).isEqualTo(i == 0 ? 1 : 0);
            assertThat(r.getRtt()).isEqualTo(200);
            assertThat(r.getRttCount()).isEqualTo(i == 0 ? 1 : 0);
            start = micros(r.getEndTime());
            packets += r.getPacketTx() + r.getPacketRx();
            assertThat(r.getTotalPacketTx() + r.getTotalPacketRx()).isEqualTo(packets);
        }
        assertThat(micros(c.records.get(0).getEndTime())).isEqualTo(BASE + 20 * S);
        assertThat(micros(c.records.get(1).getEndTime())).isEqualTo(BASE + 80 * S);
        assertThat(packets).isEqualTo(3 + 30 + 3 + 1);
    }

    @Test
    void udpTimesOutAfterFiveSecondsOneWayAndThirtyFiveTwoWay() {
        Conversation oneWay = new Conversation(FlowEngineConfig.defaults(), 17, true)
                .packet(0, true, 0, 50).idleUntil(5 * S - 1);
        assertThat(oneWay.records).isEmpty();
        oneWay.idleUntil(5 * S);
        assertThat(oneWay.only().getCloseType()).isEqualTo(CloseType.TIMEOUT);

        Conversation twoWay = new Conversation(FlowEngineConfig.defaults(), 17, true)
                .packet(0, true, 0, 50).packet(700, false, 0, 80).idleUntil(34 * S);
        // BASE is 40 s into a minute: the minute boundary at +20 s gives a forced report first
        assertThat(twoWay.records).extracting(L4FlowLog::getCloseType).containsExactly(CloseType.FORCED_REPORT);
        assertThat(twoWay.records.get(0).getArtSum()).isEqualTo(700);
        twoWay.idleUntil(36 * S);
        assertThat(twoWay.records).extracting(L4FlowLog::getCloseType).containsExactly(CloseType.FORCED_REPORT, CloseType.TIMEOUT);
        L4FlowLog r = twoWay.last();
        assertThat(r.getTotalPacketRx()).isEqualTo(1);
        assertThat(r.getStatus()).isZero();
        assertThat(r.getRtt()).isZero();
    }
}
