-- Retransmission ratio per edge (client -> server, port) over the last hour, both sides and each
-- side: retransmitted packets / packets sent by that side. Edges without retransmissions left out.
WITH (SELECT max(time) FROM flow_metrics.network_map_1m) AS latest
SELECT
    if(is_ipv4 = 1, IPv4NumToString(ip4_0), IPv6NumToString(ip6_0)) AS client,
    if(is_ipv4 = 1, IPv4NumToString(ip4_1), IPv6NumToString(ip6_1)) AS server,
    server_port,
    sum(packet_tx) + sum(packet_rx) AS packets,
    sum(retrans_tx) + sum(retrans_rx) AS retransmissions,
    round(retransmissions / packets * 100, 4) AS retrans_ratio_pct,
    if(sum(packet_tx) > 0, round(sum(retrans_tx) / sum(packet_tx) * 100, 4), NULL) AS client_retrans_ratio_pct,
    if(sum(packet_rx) > 0, round(sum(retrans_rx) / sum(packet_rx) * 100, 4), NULL) AS server_retrans_ratio_pct
FROM flow_metrics.network_map_1m
WHERE protocol = 6 AND time > latest - 3600
GROUP BY client, server, server_port
HAVING retransmissions > 0
ORDER BY retrans_ratio_pct DESC, client, server, server_port;
