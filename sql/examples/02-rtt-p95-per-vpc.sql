-- RTT P95 per VPC (server side) over the last hour of 1 s data: the 95th percentile (nearest rank)
-- of the per-second average TCP handshake RTT, with its average and the largest single handshake.
-- l3_epc_id 0 = not known to the resource catalog, -2 = Internet.
SELECT
    l3_epc_id AS vpc,
    count() AS seconds_with_handshakes,
    arrayElement(arraySort(groupArray(rtt_avg)), toUInt64(greatest(ceil(0.95 * count()), 1))) AS rtt_p95_us,
    round(avg(rtt_avg), 3) AS rtt_avg_us,
    max(rtt_peak) AS rtt_max_us
FROM
(
    SELECT l3_epc_id, time, sum(rtt_sum) / sum(rtt_count) AS rtt_avg, max(rtt_max) AS rtt_peak
    FROM flow_metrics.network_1s
    WHERE role = 1 AND time > (SELECT max(time) FROM flow_metrics.network_1s) - 3600
    GROUP BY l3_epc_id, time
    HAVING sum(rtt_count) > 0
)
GROUP BY vpc
ORDER BY vpc;
