-- New flows per second by server port and protocol over the last hour: the average rate over all
-- 3600 seconds (quiet seconds count as 0), the busiest second, and the total.
SELECT
    server_port,
    protocol,
    sum(new_in_second) AS new_flows,
    round(sum(new_in_second) / 3600, 6) AS avg_new_fps,
    max(new_in_second) AS max_new_fps
FROM
(
    SELECT server_port, protocol, time, sum(new_flow) AS new_in_second
    FROM flow_metrics.network_1s
    WHERE role = 1 AND time > (SELECT max(time) FROM flow_metrics.network_1s) - 3600
    GROUP BY server_port, protocol, time
    HAVING new_in_second > 0
)
GROUP BY server_port, protocol
ORDER BY new_flows DESC, server_port, protocol;
