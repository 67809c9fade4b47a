-- Reconciliation: packets, bytes, new and closed flows over the last day of each source, in the
-- metric tables (edge rows; single-side rows of one role; the 1 h rollup) and in the flow logs.
-- On a whole capture they are equal; on a live window the edges differ slightly, because a flow's
-- close is counted when the engine detects it and its flow-log record is timed by its last packet.
SELECT * FROM
(
    SELECT 'flow_log.l4_flow_log' AS source, sum(packet_tx) + sum(packet_rx) AS packets, sum(byte_tx) + sum(byte_rx) AS bytes,
           countIf(is_new_flow = 1) AS new_flows, countIf(close_type != 5) AS closed_flows
    FROM flow_log.l4_flow_log WHERE time > (SELECT max(time) FROM flow_log.l4_flow_log) - 86400
    UNION ALL
    SELECT 'flow_metrics.network_map_1s', sum(packet_tx) + sum(packet_rx), sum(byte_tx) + sum(byte_rx), sum(new_flow), sum(closed_flow)
    FROM flow_metrics.network_map_1s WHERE time > (SELECT max(time) FROM flow_metrics.network_map_1s) - 86400
    UNION ALL
    SELECT 'flow_metrics.network_1m', sum(packet_tx) + sum(packet_rx), sum(byte_tx) + sum(byte_rx), sum(new_flow), sum(closed_flow)
    FROM flow_metrics.network_1m WHERE role = 0 AND time > (SELECT max(time) FROM flow_metrics.network_1m) - 86400
    UNION ALL
    SELECT 'flow_metrics.network_1h', sum(packet_tx) + sum(packet_rx), sum(byte_tx) + sum(byte_rx), sum(new_flow), sum(closed_flow)
    FROM flow_metrics.network_1h WHERE role = 1 AND time > (SELECT max(time) FROM flow_metrics.network_1h) - 86400
)
ORDER BY source;
