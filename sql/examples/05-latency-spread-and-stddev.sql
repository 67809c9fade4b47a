-- Application latency (ART) stability per service over the last hour of 1 s data: min, max,
-- spread (max - min), relative spread (max / min) and population standard deviation of the
-- per-second average ART, over the seconds that had samples. Most unstable first.
SELECT
    server,
    server_port,
    count() AS seconds_with_samples,
    round(min(art_avg), 3) AS art_min_us,
    round(max(art_avg), 3) AS art_max_us,
    round(max(art_avg) - min(art_avg), 3) AS art_spread_us,
    if(min(art_avg) = 0, NULL, round(max(art_avg) / min(art_avg), 4)) AS art_rspread,
    round(stddevPop(art_avg), 3) AS art_stddev_us
FROM
(
    SELECT
        if(is_ipv4 = 1, IPv4NumToString(ip4), IPv6NumToString(ip6)) AS server,
        server_port,
        time,
        sum(art_sum) / sum(art_count) AS art_avg
    FROM flow_metrics.network_1s
    WHERE role = 1 AND time > (SELECT max(time) FROM flow_metrics.network_1s) - 3600
    GROUP BY server, server_port, time
    HAVING sum(art_count) > 0
)
GROUP BY server, server_port
ORDER BY art_spread_us DESC, server, server_port
LIMIT 10;
