-- Distinct clients per service over the last hour (Distinct on the edge table), with the flows
-- they opened: a port scan or a fan-in shows up here.
WITH (SELECT max(time) FROM flow_metrics.network_map_1m) AS latest
SELECT
    if(is_ipv4 = 1, IPv4NumToString(ip4_1), IPv6NumToString(ip6_1)) AS server,
    protocol,
    server_port,
    uniqExact(is_ipv4, ip4_0, ip6_0) AS distinct_clients,
    sum(new_flow) AS new_flows
FROM flow_metrics.network_map_1m
WHERE time > latest - 3600
GROUP BY server, protocol, server_port
ORDER BY distinct_clients DESC, new_flows DESC, server, protocol, server_port
LIMIT 20;
