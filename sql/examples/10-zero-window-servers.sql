-- Servers whose TCP windows closed over the last hour (receive buffers full): zero-window packets
-- from each side and the zero-window ratio (zero-window packets / packets).
WITH (SELECT max(time) FROM flow_metrics.network_1m) AS latest
SELECT
    if(is_ipv4 = 1, IPv4NumToString(ip4), IPv6NumToString(ip6)) AS server,
    server_port,
    sum(zero_win_tx) AS client_zero_windows,
    sum(zero_win_rx) AS server_zero_windows,
    round((client_zero_windows + server_zero_windows) / (sum(packet_tx) + sum(packet_rx)) * 100, 4) AS zero_win_ratio_pct
FROM flow_metrics.network_1m
WHERE role = 1 AND protocol = 6 AND time > latest - 3600
GROUP BY server, server_port
HAVING client_zero_windows + server_zero_windows > 0
ORDER BY zero_win_ratio_pct DESC, server, server_port;
