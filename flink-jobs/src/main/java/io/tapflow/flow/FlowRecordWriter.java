package io.tapflow.flow;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * Turns a {@link FlowState} into an {@link L4FlowLog} record. Builds the record with its no-arg
 * constructor and setters rather than the Avro builder, which deep-copies 121 defaults per record.
 * Resource tag columns are left at their "unknown" zero values for the enrichment stage.
 */
public final class FlowRecordWriter {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final List<Integer> NONE = Collections.emptyList();
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;

    public L4FlowLog write(FlowState s, int closeType, long endTs) {
        L4FlowLog r = new L4FlowLog();
        FlowCounters k = s.record;
        int c = FlowState.CLIENT;
        int v = FlowState.SERVER;
        r.setTime(Math.floorDiv(endTs, 1_000_000L));
        r.setStartTime(instant(s.recordStartTs));
        r.setEndTime(instant(endTs));
        r.setFlowId(s.flowId);
        r.setDuration(s.lastTs - s.firstTs);
        r.setIsNewFlow(s.newFlow ? 1 : 0);
        r.setCloseType(closeType);
        r.setStatus(s.protocol == FlowTracker.TCP ? status(closeType) : 0);
        r.setDirectionSource(s.directionSource);
        r.setFlowSource(s.flowSource);
        r.setAgentId(s.agentId);
        r.setTapType(s.tapType);
        r.setTapPort(s.tapPort);
        r.setTapPortName(s.tapPortName);
        r.setTapSide("");
        r.setMac0(s.macClient);
        r.setMac1(s.macServer);
        boolean v4 = s.ipVersion == 4;
        r.setEthType(v4 ? ETH_IPV4 : ETH_IPV6);
        r.setVlan(s.vlan);
        r.setIsIpv4(v4 ? 1 : 0);
        r.setIp40(v4 ? ipv4(s.ipClient) : 0);
        r.setIp41(v4 ? ipv4(s.ipServer) : 0);
        r.setIp60(v4 ? EMPTY : ByteBuffer.wrap(s.ipClient));
        r.setIp61(v4 ? EMPTY : ByteBuffer.wrap(s.ipServer));
        r.setProtocol(s.protocol);
        writeTunnel(s, r);
        r.setClientPort(s.portClient);
        r.setServerPort(s.portServer);
        r.setTcpFlagsBit0(s.flagsOr[c]);
        r.setTcpFlagsBit1(s.flagsOr[v]);
        r.setSynCount(k.synCount);
        r.setSynackCount(k.synAckCount);
        r.setL7Protocol(s.l7 == null ? 0 : s.l7.protocol);
        r.setL7Request(k.l7.request);
        r.setL7Response(k.l7.response);
        r.setL7ClientError(k.l7.clientError);
        r.setL7ServerError(k.l7.serverError);
        r.setL7ServerTimeout(k.l7.timeout);
        r.setRrtSum(k.l7.rrtSum);
        r.setRrtCount(k.l7.rrtCount);
        r.setRrtMax(k.l7.rrtMax);
        r.setGroupIds0(NONE);
        r.setBusinessIds0(NONE);
        r.setProvince0("");
        r.setGroupIds1(NONE);
        r.setBusinessIds1(NONE);
        r.setProvince1("");
        r.setPacketTx(k.packets[c]);
        r.setPacketRx(k.packets[v]);
        r.setByteTx(k.bytes[c]);
        r.setByteRx(k.bytes[v]);
        r.setL4ByteTx(k.l4Bytes[c]);
        r.setL4ByteRx(k.l4Bytes[v]);
        r.setTotalPacketTx(s.totalPackets[c]);
        r.setTotalPacketRx(s.totalPackets[v]);
        r.setTotalByteTx(s.totalBytes[c]);
        r.setTotalByteRx(s.totalBytes[v]);
        r.setRtt(s.rtt);
        r.setRttSum(k.rttSum);
        r.setRttCount(k.rttCount);
        r.setRttMax(k.rttMax);
        r.setRttClientSum(k.rttClientSum);
        r.setRttClientCount(k.rttClientCount);
        r.setRttClientMax(k.rttClientMax);
        r.setRttServerSum(k.rttServerSum);
        r.setRttServerCount(k.rttServerCount);
        r.setRttServerMax(k.rttServerMax);
        r.setSrtSum(k.srtSum);
        r.setSrtCount(k.srtCount);
        r.setSrtMax(k.srtMax);
        r.setArtSum(k.artSum);
        r.setArtCount(k.artCount);
        r.setArtMax(k.artMax);
        r.setRetransTx(k.retrans[c]);
        r.setRetransRx(k.retrans[v]);
        r.setZeroWinTx(k.zeroWin[c]);
        r.setZeroWinRx(k.zeroWin[v]);
        return r;
    }

    /**
     * Gives an L7 record its flow's identity: capture point, addresses and ports. When the
     * payload showed that the flow's client is in fact the server ({@code reversed}), the sides swap.
     */
    public L7FlowLog identify(L7FlowLog r, FlowState s) {
        boolean swap = s.l7 != null && s.l7.reversed;
        byte[] client = swap ? s.ipServer : s.ipClient;
        byte[] server = swap ? s.ipClient : s.ipServer;
        boolean v4 = s.ipVersion == 4;
        r.setAgentId(s.agentId);
        r.setTapType(s.tapType);
        r.setTapPort(s.tapPort);
        r.setTapPortName(s.tapPortName);
        r.setTapSide("");
        r.setIsIpv4(v4 ? 1 : 0);
        r.setIp40(v4 ? ipv4(client) : 0);
        r.setIp41(v4 ? ipv4(server) : 0);
        r.setIp60(v4 ? EMPTY : ByteBuffer.wrap(client));
        r.setIp61(v4 ? EMPTY : ByteBuffer.wrap(server));
        r.setProtocol(s.protocol);
        r.setClientPort(swap ? s.portServer : s.portClient);
        r.setServerPort(swap ? s.portClient : s.portServer);
        return r;
    }

    /** The tunnel's outer addresses are stored per direction: tx = client to server packets. */
    private static void writeTunnel(FlowState s, L4FlowLog r) {
        r.setTunnelType(s.tunnelType);
        r.setTunnelTier(s.tunnelDepth);
        boolean tunnelled = s.tunnelType != 0;
        r.setTunnelTxId(tunnelled ? s.tunnelId : 0);
        r.setTunnelRxId(tunnelled ? s.tunnelId : 0);
        byte[] txSrc = s.clientIsKeySrc ? s.tunnelIpSrc : s.tunnelIpDst;
        byte[] txDst = s.clientIsKeySrc ? s.tunnelIpDst : s.tunnelIpSrc;
        boolean v4 = tunnelled && txSrc.length == 4;
        r.setTunnelIsIpv4(v4 ? 1 : 0);
        r.setTunnelTxIp40(v4 ? ipv4(txSrc) : 0);
        r.setTunnelTxIp41(v4 ? ipv4(txDst) : 0);
        r.setTunnelRxIp40(v4 ? ipv4(txDst) : 0);
        r.setTunnelRxIp41(v4 ? ipv4(txSrc) : 0);
        boolean v6 = tunnelled && txSrc.length == 16;
        r.setTunnelTxIp60(v6 ? ByteBuffer.wrap(txSrc) : EMPTY);
        r.setTunnelTxIp61(v6 ? ByteBuffer.wrap(txDst) : EMPTY);
        r.setTunnelRxIp60(v6 ? ByteBuffer.wrap(txDst) : EMPTY);
        r.setTunnelRxIp61(v6 ? ByteBuffer.wrap(txSrc) : EMPTY);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    static long ipv4(byte[] a) {
        return ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
    }

    /** The schema's status code: 3 = server error, 4 = client error, 0 otherwise. */
    static int status(int closeType) {
        return switch (closeType) {
            case CloseType.TCP_SERVER_RST, CloseType.TIMEOUT, CloseType.SERVER_HALF_CLOSE,
                 CloseType.SERVER_SYN_ACK_REPEAT, CloseType.SERVER_RESET, CloseType.SERVER_QUEUE_LACK,
                 CloseType.SERVER_ESTABLISH_OTHER_RST -> 3;
            case CloseType.CLIENT_SYN_REPEAT, CloseType.TCP_CLIENT_RST, CloseType.CLIENT_HALF_CLOSE,
                 CloseType.CLIENT_SOURCE_PORT_REUSE, CloseType.CLIENT_ESTABLISH_OTHER_RST -> 4;
            default -> 0;
        };
    }
}
