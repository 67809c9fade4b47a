-- Traffic per hour and protocol over the last day, from the 1 h rollup (a view over the
-- materialized-view rollup of network_1m; same columns): packets, bytes, new flows, and the
-- largest handshake RTT of each hour.
WITH (SELECT max(time) FROM flow_metrics.network_1h) AS latest
SELECT
    time AS hour,
    protocol,
    sum(packet_tx) + sum(packet_rx) AS packets,
    sum(byte_tx) + sum(byte_rx) AS bytes,
    sum(new_flow) AS new_flows,
    max(rtt_max) AS rtt_max_us
FROM flow_metrics.network_1h
WHERE role = 1 AND time > latest - 86400
GROUP BY hour, protocol
ORDER BY hour, protocol;
