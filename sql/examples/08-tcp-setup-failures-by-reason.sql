-- TCP connection-setup failures per service over the last hour, by reason (manual part-2 §4.4),
-- and the setup-failure ratio (failures / flows that ended).
WITH (SELECT max(time) FROM flow_metrics.network_1m) AS latest
SELECT
    if(is_ipv4 = 1, IPv4NumToString(ip4), IPv6NumToString(ip6)) AS server,
    server_port,
    sum(client_syn_repeat) AS client_syn_repeats,
    sum(client_source_port_reuse) AS client_port_reuses,
    sum(client_establish_other_rst) AS client_setup_resets,
    sum(server_reset) AS server_resets_to_syn,
    sum(server_syn_ack_repeat) AS server_syn_ack_repeats,
    sum(server_queue_lack) AS server_queue_overflows,
    sum(server_establish_other_rst) AS server_setup_resets,
    client_syn_repeats + client_port_reuses + client_setup_resets + server_resets_to_syn
        + server_syn_ack_repeats + server_queue_overflows + server_setup_resets AS setup_failures,
    round(setup_failures / sum(closed_flow) * 100, 4) AS setup_failure_ratio_pct
FROM flow_metrics.network_1m
WHERE role = 1 AND protocol = 6 AND time > latest - 3600
GROUP BY server, server_port
HAVING setup_failures > 0
ORDER BY setup_failures DESC, server, server_port;
