-- Top application services (server, port, L7 protocol) by error ratio over the last hour: error
-- responses (client errors: HTTP 4XX, DNS rcode 1/3; server errors: HTTP 5XX, other rcodes) /
-- responses, and timed-out requests / requests. Needs the application (L7) metrics.
WITH (SELECT max(time) FROM flow_metrics.application_1m) AS latest
SELECT
    if(is_ipv4 = 1, IPv4NumToString(ip4), IPv6NumToString(ip6)) AS server,
    server_port,
    l7_protocol,
    sum(l7_response) AS responses,
    sum(l7_client_error) + sum(l7_server_error) AS errors,
    round(errors / responses * 100, 4) AS error_ratio_pct,
    if(sum(l7_request) > 0, round(sum(l7_server_timeout) / sum(l7_request) * 100, 4), NULL) AS timeout_ratio_pct
FROM flow_metrics.application_1m
WHERE role = 1 AND time > latest - 3600
GROUP BY server, server_port, l7_protocol
HAVING responses > 0
ORDER BY error_ratio_pct DESC, responses DESC, server, server_port
LIMIT 10;
