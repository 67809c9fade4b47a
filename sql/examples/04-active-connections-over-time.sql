-- Active connections per minute over the last hour (the manual's 1-minute rule: every connection,
-- i.e. client IP, server IP, protocol and server port, alive during the minute, idle or not), with
-- the flows that started and ended in each minute. For the 1 s series (traffic in the second, plus
-- everything alive at each minute's first second) read flow_metrics.network_1s the same way.
WITH (SELECT max(time) FROM flow_metrics.network_1m) AS latest
SELECT
    time AS minute,
    sum(flow_load) AS active_connections,
    sum(new_flow) AS new_flows,
    sum(closed_flow) AS closed_flows
FROM flow_metrics.network_1m
WHERE role = 1 AND time > latest - 3600
GROUP BY minute
ORDER BY minute;
