-- Top TCP services (server address, port) by exception ratio over the last hour: flows that ended
-- abnormally (setup failures, resets, half closes, timeouts) / flows that ended. The server side of
-- the single-side table (role = 1) counts each flow once, under its server.
WITH (SELECT max(time) FROM flow_metrics.network_1m) AS latest
SELECT
    if(is_ipv4 = 1, IPv4NumToString(ip4), IPv6NumToString(ip6)) AS server,
    server_port,
    sum(closed_flow) AS closed_flows,
    sum(client_syn_repeat + client_source_port_reuse + client_establish_other_rst
        + server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst) AS setup_failures,
    sum(client_rst_flow + server_rst_flow) AS resets,
    sum(client_half_close_flow + server_half_close_flow + tcp_timeout) AS teardown_exceptions,
    round((setup_failures + resets + teardown_exceptions) / closed_flows * 100, 4) AS exception_ratio_pct
FROM flow_metrics.network_1m
WHERE role = 1 AND protocol = 6 AND time > latest - 3600
GROUP BY server, server_port
HAVING closed_flows > 0
ORDER BY exception_ratio_pct DESC, closed_flows DESC, server, server_port
LIMIT 10;
