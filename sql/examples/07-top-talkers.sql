-- Top talkers over the last hour: client addresses by layer-3 bytes (both directions), with the
-- average bit rate over the hour and how many distinct server ports they used (Distinct).
WITH (SELECT max(time) FROM flow_metrics.network_1m) AS latest
SELECT
    if(is_ipv4 = 1, IPv4NumToString(ip4), IPv6NumToString(ip6)) AS client,
    sum(byte_tx) AS bytes_sent,
    sum(byte_rx) AS bytes_received,
    bytes_sent + bytes_received AS bytes,
    round(bytes * 8 / 3600, 3) AS avg_bps,
    uniqExact(protocol, server_port) AS distinct_services
FROM flow_metrics.network_1m
WHERE role = 0 AND time > latest - 3600
GROUP BY client
ORDER BY bytes DESC, client
LIMIT 10;
