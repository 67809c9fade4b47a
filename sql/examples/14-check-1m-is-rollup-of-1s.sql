-- Consistency check over the last hour: tag sets and minutes where the 1 min table is not the
-- rollup of the 1 s table (counters summed, maxima of the maxima). Returns no rows when the tables
-- agree; run it after an incident or a replay. (flow_load is not comparable: 1 min counts every
-- connection alive in the minute, not a sum of seconds.) The subqueries repeat the window's end:
-- ClickHouse 18.16 does not see WITH aliases inside them.
SELECT
    minute, agent_id, tap_type, tap_port, tap_side, role, is_ipv4, ip4, ip6, protocol, server_port,
    sum(packets) AS packet_difference,
    sum(bytes) AS byte_difference,
    sum(flows) AS new_and_closed_flow_difference,
    sum(retrans) AS retrans_difference,
    sum(samples) AS latency_sample_difference,
    max(rtt_max_1s) AS rtt_max_of_seconds,
    max(rtt_max_1m) AS rtt_max_of_minute,
    max(art_max_1s) AS art_max_of_seconds,
    max(art_max_1m) AS art_max_of_minute
FROM
(
    SELECT
        toDateTime(intDiv(toUInt32(time), 60) * 60) AS minute, agent_id, tap_type, tap_port, tap_side, role, is_ipv4, ip4, ip6,
        protocol, server_port, l3_epc_id, subnet_id, pod_id, service_id,
        toInt64(sum(packet_tx) + sum(packet_rx)) AS packets,
        toInt64(sum(byte_tx) + sum(byte_rx)) AS bytes,
        toInt64(sum(new_flow) + sum(closed_flow)) AS flows,
        toInt64(sum(retrans_tx) + sum(retrans_rx)) AS retrans,
        toInt64(sum(rtt_count) + sum(srt_count) + sum(art_count)) AS samples,
        max(rtt_max) AS rtt_max_1s, toUInt32(0) AS rtt_max_1m, max(art_max) AS art_max_1s, toUInt32(0) AS art_max_1m
    FROM flow_metrics.network_1s
    WHERE time >= (SELECT max(time) FROM flow_metrics.network_1m) - 3540 AND time < (SELECT max(time) FROM flow_metrics.network_1m) + 60
    GROUP BY minute, agent_id, tap_type, tap_port, tap_side, role, is_ipv4, ip4, ip6, protocol, server_port, l3_epc_id, subnet_id, pod_id, service_id
    UNION ALL
    SELECT
        time AS minute, agent_id, tap_type, tap_port, tap_side, role, is_ipv4, ip4, ip6,
        protocol, server_port, l3_epc_id, subnet_id, pod_id, service_id,
        -toInt64(sum(packet_tx) + sum(packet_rx)),
        -toInt64(sum(byte_tx) + sum(byte_rx)),
        -toInt64(sum(new_flow) + sum(closed_flow)),
        -toInt64(sum(retrans_tx) + sum(retrans_rx)),
        -toInt64(sum(rtt_count) + sum(srt_count) + sum(art_count)),
        toUInt32(0), max(rtt_max), toUInt32(0), max(art_max)
    FROM flow_metrics.network_1m
    WHERE time >= (SELECT max(time) FROM flow_metrics.network_1m) - 3540 AND time <= (SELECT max(time) FROM flow_metrics.network_1m)
    GROUP BY minute, agent_id, tap_type, tap_port, tap_side, role, is_ipv4, ip4, ip6, protocol, server_port, l3_epc_id, subnet_id, pod_id, service_id
)
GROUP BY minute, agent_id, tap_type, tap_port, tap_side, role, is_ipv4, ip4, ip6, protocol, server_port, l3_epc_id, subnet_id, pod_id, service_id
HAVING packet_difference != 0 OR byte_difference != 0 OR new_and_closed_flow_difference != 0 OR retrans_difference != 0
    OR latency_sample_difference != 0 OR rtt_max_of_seconds != rtt_max_of_minute OR art_max_of_seconds != art_max_of_minute
ORDER BY minute, role, server_port
LIMIT 100;
