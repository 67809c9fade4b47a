-- tapflow ClickHouse schema, CLUSTER rendering.
-- Generated from the released .avsc files by io.tapflow.tools.schema.SchemaManager: do not edit;
-- regenerate with `./tapflow schema print --target cluster` (docs/schemas.md).

CREATE DATABASE IF NOT EXISTS tapflow_meta ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS tapflow_meta.schema_migrations ON CLUSTER tapflow
(
    `id` String COMMENT 'migration id: <database>.<table>@v<schema version>',
    `schema_version` UInt32 COMMENT 'released schema version the migration brings the table to',
    `target` String COMMENT 'rendering applied: MODERN, LEGACY or CLUSTER',
    `checksum` String COMMENT 'first 16 hex digits of the SHA-256 of the statements applied',
    `applied_at` DateTime COMMENT 'when the migration finished (UTC)'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/tapflow_meta/schema_migrations', '{replica}')
ORDER BY id;

-- migration flow_log.l4_flow_log@v1: create flow_log.l4_flow_log (io.tapflow.schema.L4FlowLog v1)
CREATE DATABASE IF NOT EXISTS flow_log ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_log.l4_flow_log_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Whole second of end_time (floor(end_time / 1e6)). Seconds since the Unix epoch (UTC). The partition and retention key in ClickHouse; the same clock as the `time` column of the metric tables.' CODEC(DoubleDelta, ZSTD(1)),
    `start_time` DateTime64(6) COMMENT 'Start of the interval this record covers, microseconds since the Unix epoch (UTC): the capture time of the flow\'s first packet for its first record, else exactly the end_time of the flow\'s previous record (records of a long flow are contiguous).' CODEC(DoubleDelta, ZSTD(1)),
    `end_time` DateTime64(6) COMMENT 'End of the interval this record covers, microseconds since the Unix epoch (UTC): the capture time of the last packet for a record that closes the flow, or the minute boundary for a forced report (close_type 5).' CODEC(DoubleDelta, ZSTD(1)),
    `flow_id` UInt64 COMMENT 'Identifier of the flow, the same on every record of a long flow (unsigned 64-bit; unique per agent and flow engine instance, stable across restarts from a checkpoint). Joins to flow_id in l7_flow_log. Never 0.',
    `duration` UInt64 COMMENT 'Microseconds from the flow\'s first packet to the last packet seen so far (cumulative over the flow\'s life, not per record).',
    `is_new_flow` UInt8 COMMENT '1 = the flow started in this record\'s interval (its first record), 0 = a continuation of a flow already reported (close_type 5 before).',
    `close_type` UInt16 COMMENT 'Why the record was emitted: 0 = unknown (an abnormal end none of the codes below covers), 1 = tcp-fin (normal close: FIN from both sides), 2 = tcp-server-rst (server sent RST on an established flow), 3 = timeout (no packet for the state\'s timeout; the normal end of UDP and other non-TCP flows), 5 = forced-report (the flow is still alive: periodic record every minute, more records follow with the same flow_id), 7 = client-syn-repeat (client repeated SYN, no SYN-ACK), 8 = server-half-close (server sent FIN, client never did), 9 = tcp-client-rst (client sent RST on an established flow), 10 = server-syn-ack-repeat (server repeated SYN-ACK, handshake never completed), 11 = client-half-close (client sent FIN, server never did), 13 = client-source-port-reuse (a new SYN on the same 5-tuple while the flow was open), 15 = server-reset (server answered SYN with RST: port closed), 17 = server-queue-lack (server acknowledged the handshake then reset: accept queue full), 18 = client-establish-other-rst (client reset during the handshake), 19 = server-establish-other-rst (server reset during the handshake in another way). Codes 4, 6, 12, 14 and 16 are unused, as in the manual.',
    `status` UInt8 COMMENT 'Flow status derived from close_type: 0 = normal, 1 = error not attributed to a side, 2 = no response (timeout; L7 only), 3 = server error, 4 = client error. For TCP, 3 = close_type 2, 3, 8, 10, 15, 17, 19; 4 = close_type 7, 9, 11, 13, 18; 0 otherwise. Non-TCP flows are always 0.',
    `direction_source` UInt8 COMMENT 'Which rule decided the client and server sides (the manual\'s order, part-3 §3.8): 1 = a SYN was seen (its sender is the client), 2 = a SYN-ACK was seen (its sender is the server), 3 = the side more often the destination of first packets is the server, 4 = port rule (a port < 32768 against one >= 32768: the lower port is the server\'s), 0 = no evidence: the sender of the first packet seen is the client.',
    `flow_source` UInt8 COMMENT 'How the flow was observed: 0 = raw packets, 1 = sFlow, 2 = NetFlow / NetStream v5 (the manual\'s codes; this version writes 0).',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the flow (PacketBatch.agent_id; the manual\'s vtap_id, as a name instead of a number). Never empty.',
    `tap_type` UInt16 COMMENT 'Capture point type, the manual\'s code: 3 = cloud network (virtual interface of a host or container node); 1..2 and 4..255 = physical mirror / packet-broker ports. 0 is never written.',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (unsigned 32-bit; the manual displays it as 0x + 8 hex digits): index of the capture interface (0-based) for live capture, 0 for capture files.',
    `tap_port_name` LowCardinality(String) COMMENT 'Name of the capture interface or capture file (PacketBatch.capture_interface).',
    `tap_side` LowCardinality(String) COMMENT 'Where on the path the traffic was observed (the manual\'s 统计位置 / observation point): \'c\' = client (the initiator\'s own interface), \'s\' = server, \'c-nd\' / \'s-nd\' = client / server container node, \'c-hv\' / \'s-hv\' = client / server hypervisor host, \'c-gw-hv\' / \'s-gw-hv\' = client / server gateway host, \'c-gw\' / \'s-gw\' = client / server gateway, \'rest\' = other (e.g. flooding seen on an unrelated host). Empty = not determined (no catalog entry for the capture interface).',
    `l2_end_0` UInt8 COMMENT '1 = the capture point is at the client\'s layer-2 end (the client\'s own interface or its host\'s vSwitch port), 0 = not, or unknown.',
    `l2_end_1` UInt8 COMMENT '1 = the capture point is at the server\'s layer-2 end, 0 = not, or unknown.',
    `l3_end_0` UInt8 COMMENT '1 = the capture point is at the client\'s layer-3 end (no router between the client and the capture point, inferred from the client\'s TTL), 0 = not, or unknown.',
    `l3_end_1` UInt8 COMMENT '1 = the capture point is at the server\'s layer-3 end, 0 = not, or unknown.',
    `mac_0` UInt64 COMMENT 'Client MAC address as a 48-bit number (innermost Ethernet header of a client->server packet); 0 = no Ethernet header (raw IP or cooked capture).',
    `mac_1` UInt64 COMMENT 'Server MAC address as a 48-bit number; 0 = no Ethernet header.',
    `eth_type` UInt16 COMMENT 'EtherType of the innermost frame: 0x0800 (2048) IPv4, 0x86DD (34525) IPv6; 0 = unknown. Shown as 0x + 4 hex digits.',
    `vlan` UInt16 COMMENT 'Innermost 802.1Q VLAN id (1..4094); 0 = untagged.',
    `is_ipv4` UInt8 COMMENT '1 = the flow is IPv4 (read ip4_0 / ip4_1), 0 = IPv6 (read ip6_0 / ip6_1). The manual\'s flow-log table prints the opposite; its column name, its HTTP-log table and its ip4/ip6 rule say this.',
    `ip4_0` IPv4 COMMENT 'Client IPv4 address as an unsigned 32-bit number in host order (1.2.3.4 = 0x01020304 = 16909060); 0 when is_ipv4 = 0.',
    `ip4_1` IPv4 COMMENT 'Server IPv4 address as an unsigned 32-bit number (see ip4_0); 0 when is_ipv4 = 0.',
    `ip6_0` IPv6 COMMENT 'Client IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `ip6_1` IPv6 COMMENT 'Server IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `protocol` UInt8 COMMENT 'IP protocol number (IANA): 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, 47 GRE, ...; 0 = non-IP (the manual\'s convention, not IANA\'s HOPOPT).',
    `tunnel_type` UInt8 COMMENT 'Outermost tunnel stripped from the flow\'s packets: 0 = none, 1 = VXLAN, 2 = GRE, 3 = ERSPAN, 4 = IP-in-IP (IPv4 or IPv6 in IP), 5 = Geneve, 6 = GRE with transparent Ethernet bridging (the PacketBatch tunnel_type codes).',
    `tunnel_tier` UInt8 COMMENT 'Number of tunnel layers stripped (nested VXLAN = 2); 0 = not tunnelled.',
    `tunnel_tx_id` UInt32 COMMENT 'Tunnel id (VXLAN/Geneve VNI, GRE key, ERSPAN session id; unsigned 32-bit) of the client->server packets; 0 = none.',
    `tunnel_rx_id` UInt32 COMMENT 'Tunnel id of the server->client packets; 0 = none.',
    `tunnel_is_ipv4` UInt8 COMMENT '1 = the outer tunnel addresses are IPv4 (tunnel_*_ip4_*), 0 = IPv6 (tunnel_*_ip6_*) or no tunnel.',
    `tunnel_tx_ip4_0` IPv4 COMMENT 'Outer IPv4 source address of the tunnel carrying the client->server packets (unsigned 32-bit, as ip4_0); 0 = none or IPv6.',
    `tunnel_tx_ip4_1` IPv4 COMMENT 'Outer IPv4 destination address of the tunnel carrying the client->server packets (unsigned 32-bit, as ip4_0); 0 = none or IPv6.',
    `tunnel_rx_ip4_0` IPv4 COMMENT 'Outer IPv4 source address of the tunnel carrying the server->client packets (unsigned 32-bit, as ip4_0); 0 = none or IPv6.',
    `tunnel_rx_ip4_1` IPv4 COMMENT 'Outer IPv4 destination address of the tunnel carrying the server->client packets (unsigned 32-bit, as ip4_0); 0 = none or IPv6.',
    `tunnel_tx_ip6_0` IPv6 COMMENT 'Outer IPv6 source address of the tunnel carrying the client->server packets, 16 bytes; empty = none or IPv4.',
    `tunnel_tx_ip6_1` IPv6 COMMENT 'Outer IPv6 destination address of the tunnel carrying the client->server packets, 16 bytes; empty = none or IPv4.',
    `tunnel_rx_ip6_0` IPv6 COMMENT 'Outer IPv6 source address of the tunnel carrying the server->client packets, 16 bytes; empty = none or IPv4.',
    `tunnel_rx_ip6_1` IPv6 COMMENT 'Outer IPv6 destination address of the tunnel carrying the server->client packets, 16 bytes; empty = none or IPv4.',
    `client_port` UInt16 COMMENT 'Client TCP/UDP port; 0 = protocol without ports.',
    `server_port` UInt16 COMMENT 'Server TCP/UDP port; 0 = protocol without ports. For ICMP echo: the echo identifier.',
    `tcp_flags_bit_0` UInt16 COMMENT 'Bitwise OR of the TCP flags of every client->server packet since the flow began (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80); 0 = no packet from the client, or not TCP.',
    `tcp_flags_bit_1` UInt16 COMMENT 'Bitwise OR of the TCP flags of every server->client packet since the flow began (bits as tcp_flags_bit_0); 0 = no packet from the server, or not TCP.',
    `syn_count` UInt32 COMMENT 'SYN packets (SYN without ACK) sent by the client in this record\'s interval; more than 1 = SYN retransmission.',
    `synack_count` UInt32 COMMENT 'SYN-ACK packets sent by the server in this record\'s interval.',
    `l7_protocol` UInt8 COMMENT 'Application protocol recognised on the flow: 0 = unknown (not parsed), 1 = other (payload seen, no parser recognised it), 20 = HTTP/1.x, 21 = HTTP/2 (including gRPC), 40 = Dubbo, 60 = MySQL, 80 = Redis, 100 = Kafka, 120 = DNS (the manual\'s v6.1 numbering: one family per 20 codes).',
    `region_id_0` UInt16 COMMENT 'Region of the client (Resource kind REGION id); 0 = unknown.',
    `az_id_0` UInt16 COMMENT 'Availability zone of the client (kind AZ); 0 = unknown.',
    `host_id_0` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the client (kind HOST); 0 = unknown.',
    `l3_device_type_0` UInt8 COMMENT 'Type of the device that owns the client address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_0` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_0` UInt16 COMMENT 'Kubernetes cluster of the client (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_0` UInt32 COMMENT 'Kubernetes node of the client (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_0` UInt16 COMMENT 'Kubernetes namespace of the client (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_0` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the client (kind WORKLOAD); 0 = unknown.',
    `pod_id_0` UInt32 COMMENT 'Pod of the client (kind POD); 0 = unknown.',
    `service_id_0` UInt32 COMMENT 'Service the client address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_0` Int32 COMMENT 'VPC of the client (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `epc_id_0` Int32 COMMENT 'VPC of the interface (MAC) the client packets were seen on, which differs from l3_epc_id_0 behind NAT or a gateway; 0 = unknown.',
    `subnet_id_0` UInt16 COMMENT 'Subnet of the client address (kind SUBNET); 0 = unknown.',
    `group_ids_0` Array(UInt16) COMMENT 'Custom resource groups (kind CUSTOM_GROUP) the client belongs to, ascending; empty = none.',
    `business_ids_0` Array(UInt16) COMMENT 'Businesses (application groupings) the client belongs to, ascending; empty = none.',
    `province_0` LowCardinality(String) COMMENT 'Province / region name of a client address on the Internet (WAN); empty = unknown or not on the Internet (tapflow has no geo database yet, so this stays empty).',
    `region_id_1` UInt16 COMMENT 'Region of the server (Resource kind REGION id); 0 = unknown.',
    `az_id_1` UInt16 COMMENT 'Availability zone of the server (kind AZ); 0 = unknown.',
    `host_id_1` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the server (kind HOST); 0 = unknown.',
    `l3_device_type_1` UInt8 COMMENT 'Type of the device that owns the server address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_1` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_1` UInt16 COMMENT 'Kubernetes cluster of the server (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_1` UInt32 COMMENT 'Kubernetes node of the server (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_1` UInt16 COMMENT 'Kubernetes namespace of the server (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_1` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the server (kind WORKLOAD); 0 = unknown.',
    `pod_id_1` UInt32 COMMENT 'Pod of the server (kind POD); 0 = unknown.',
    `service_id_1` UInt32 COMMENT 'Service the server address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_1` Int32 COMMENT 'VPC of the server (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `epc_id_1` Int32 COMMENT 'VPC of the interface (MAC) the server packets were seen on, which differs from l3_epc_id_1 behind NAT or a gateway; 0 = unknown.',
    `subnet_id_1` UInt16 COMMENT 'Subnet of the server address (kind SUBNET); 0 = unknown.',
    `group_ids_1` Array(UInt16) COMMENT 'Custom resource groups (kind CUSTOM_GROUP) the server belongs to, ascending; empty = none.',
    `business_ids_1` Array(UInt16) COMMENT 'Businesses (application groupings) the server belongs to, ascending; empty = none.',
    `province_1` LowCardinality(String) COMMENT 'Province / region name of a server address on the Internet (WAN); empty = unknown or not on the Internet (tapflow has no geo database yet, so this stays empty).',
    `packet_tx` UInt64 COMMENT 'Packets sent by the client (client->server) in this record\'s interval.',
    `packet_rx` UInt64 COMMENT 'Packets sent by the server (received by the client) in this record\'s interval.',
    `byte_tx` UInt64 COMMENT 'Layer-3 bytes sent by the client in this record\'s interval: the sum of the packets\' IP total lengths (IP header included, link-layer header and FCS not).',
    `byte_rx` UInt64 COMMENT 'Layer-3 bytes sent by the server in this record\'s interval (IP total lengths, as byte_tx).',
    `l4_byte_tx` UInt64 COMMENT 'Layer-4 payload bytes sent by the client in this record\'s interval (TCP/UDP payload, headers excluded; retransmitted payload counted again).',
    `l4_byte_rx` UInt64 COMMENT 'Layer-4 payload bytes sent by the server in this record\'s interval.',
    `total_packet_tx` UInt64 COMMENT 'Packets sent by the client since the flow began (cumulative over all its records).',
    `total_packet_rx` UInt64 COMMENT 'Packets sent by the server since the flow began.',
    `total_byte_tx` UInt64 COMMENT 'Layer-3 bytes sent by the client since the flow began.',
    `total_byte_rx` UInt64 COMMENT 'Layer-3 bytes sent by the server since the flow began.',
    `l7_request` UInt32 COMMENT 'Application-layer requests seen in this record\'s interval (0 when l7_protocol < 20).',
    `l7_response` UInt32 COMMENT 'Application-layer responses seen in this record\'s interval.',
    `rtt` UInt32 COMMENT 'TCP handshake round-trip time of the flow, microseconds: first SYN to the last handshake ACK (rtt_client + rtt_server), capped at 30 s. Repeated on every record of the flow; 0 = handshake not seen complete (flow started before capture, or not TCP).',
    `rtt_sum` UInt64 COMMENT 'Sum of the handshake RTT samples in this record\'s interval, microseconds. A sample is recorded in every interval that holds a (re-sent) last handshake ACK (the manual\'s rule), so usually 0 or rtt.',
    `rtt_count` UInt64 COMMENT 'Handshake RTT samples in this record\'s interval (usually 0 or 1, more when the client re-sent the last handshake ACK in this interval).',
    `rtt_max` UInt32 COMMENT 'Largest handshake RTT sample in this record\'s interval, microseconds (capped at 30 s); 0 = none.',
    `rtt_client_sum` UInt64 COMMENT 'Sum of the client-side handshake delays in this record\'s interval, microseconds: from the server\'s SYN-ACK to the client\'s ACK (the capture point-to-client half), capped at 30 s each.',
    `rtt_client_count` UInt64 COMMENT 'Number of client-side handshake delay measurements in this record\'s interval (0 or 1).',
    `rtt_client_max` UInt32 COMMENT 'Largest client-side handshake delay in this record\'s interval, microseconds; 0 = none.',
    `rtt_server_sum` UInt64 COMMENT 'Sum of the server-side handshake delays in this record\'s interval, microseconds: from the client\'s SYN to the server\'s SYN-ACK (the capture point-to-server half), capped at 30 s each.',
    `rtt_server_count` UInt64 COMMENT 'Number of server-side handshake delay measurements in this record\'s interval (0 or 1).',
    `rtt_server_max` UInt32 COMMENT 'Largest server-side handshake delay in this record\'s interval, microseconds; 0 = none.',
    `srt_sum` UInt64 COMMENT 'Sum of the TCP system latencies in this record\'s interval, microseconds: from the last segment of a request to the server\'s pure ACK of it, capped at 10 s each.',
    `srt_count` UInt64 COMMENT 'Number of system-latency measurements in this record\'s interval.',
    `srt_max` UInt32 COMMENT 'Largest system latency in this record\'s interval, microseconds (capped at 10 s); 0 = none.',
    `art_sum` UInt64 COMMENT 'Sum of the transport-layer application latencies in this record\'s interval, microseconds: from the last segment of a request to the first segment of the response (UDP: adjacent request and response packets), capped at 30 s each. Requests and responses are segments with payload > 1 and no SYN/FIN/RST (payload 1 is a keep-alive).',
    `art_count` UInt64 COMMENT 'Number of application-latency measurements in this record\'s interval.',
    `art_max` UInt32 COMMENT 'Largest application latency in this record\'s interval, microseconds (capped at 30 s); 0 = none.',
    `rrt_sum` UInt64 COMMENT 'Sum of the application-layer (L7) response times in this record\'s interval, microseconds: request\'s first packet to the response\'s first packet, per paired request (caps: HTTP 1800 s, DNS 150 s).',
    `rrt_count` UInt64 COMMENT 'Number of L7 response-time measurements in this record\'s interval.',
    `rrt_max` UInt32 COMMENT 'Largest L7 response time in this record\'s interval, microseconds; 0 = none.',
    `retrans_tx` UInt32 COMMENT 'TCP retransmissions by the client in this record\'s interval (same direction and seq for handshake packets; same seq and payload length for data).',
    `retrans_rx` UInt32 COMMENT 'TCP retransmissions by the server in this record\'s interval.',
    `zero_win_tx` UInt32 COMMENT 'TCP packets from the client with window field 0 in this record\'s interval.',
    `zero_win_rx` UInt32 COMMENT 'TCP packets from the server with window field 0 in this record\'s interval.',
    `l7_client_error` UInt32 COMMENT 'Application requests answered with a client error in this record\'s interval (HTTP 4XX; DNS rcode 1 or 3).',
    `l7_server_error` UInt32 COMMENT 'Application requests answered with a server error in this record\'s interval (HTTP 5XX; DNS any other non-zero rcode).',
    `l7_server_timeout` UInt32 COMMENT 'Application requests that got no response in this record\'s interval (flow ended, or pushed out of the in-flight buffer).'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_log/l4_flow_log_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l3_epc_id_1, is_ipv4, ip4_1, ip6_1, server_port)
TTL time + INTERVAL 3 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_log.l4_flow_log ON CLUSTER tapflow AS flow_log.l4_flow_log_local
ENGINE = Distributed(tapflow, flow_log, l4_flow_log_local, sipHash64(flow_id));

-- migration flow_log.l7_flow_log@v1: create flow_log.l7_flow_log (io.tapflow.schema.L7FlowLog v1)
CREATE DATABASE IF NOT EXISTS flow_log ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_log.l7_flow_log_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Whole second of start_time (floor(start_time / 1e6)). Seconds since the Unix epoch (UTC). The partition and retention key in ClickHouse; the same clock as the `time` column of the metric tables.' CODEC(DoubleDelta, ZSTD(1)),
    `start_time` DateTime64(6) COMMENT 'Capture time of the first packet of the request, microseconds since the Unix epoch (UTC). For a response without a seen request (type 1): the response\'s first packet.' CODEC(DoubleDelta, ZSTD(1)),
    `end_time` DateTime64(6) COMMENT 'Capture time of the first packet of the response, microseconds since the Unix epoch (UTC). For a request without a response (type 0): the time the request was declared timed out (end of the flow, or pushed out of the in-flight buffer).' CODEC(DoubleDelta, ZSTD(1)),
    `flow_id` UInt64 COMMENT 'flow_id of the L4 flow that carried the message; joins to flow_log.l4_flow_log.flow_id (close_type and the flow\'s counters live there).',
    `l7_protocol` UInt8 COMMENT 'Application protocol: 0 = unknown (not parsed), 1 = other (payload seen, no parser recognised it), 20 = HTTP/1.x, 21 = HTTP/2 (including gRPC), 40 = Dubbo, 60 = MySQL, 80 = Redis, 100 = Kafka, 120 = DNS (the manual\'s v6.1 numbering: one family per 20 codes).',
    `version` LowCardinality(String) COMMENT 'Protocol version as written on the wire: \'1.0\', \'1.1\' or \'2\' for HTTP; empty for DNS and where the protocol has none.',
    `type` UInt8 COMMENT 'Message type: 0 = request without a response (timed out), 1 = response without a seen request (capture began mid-exchange), 2 = session (request and response paired).',
    `response_status` UInt8 COMMENT 'Outcome of the exchange: 0 = normal, 1 = error not attributed to a side, 2 = no response (timeout; L7 only), 3 = server error, 4 = client error. HTTP: 4XX = 4, 5XX = 3; DNS: rcode 1 or 3 = 4, any other non-zero rcode = 3; gRPC: grpc_status as for HTTP/2 (non-zero = 3); no response = 2.',
    `duration` UInt64 COMMENT 'Response time (the manual\'s rrt) in microseconds: request\'s first packet to the response\'s first packet (end_time - start_time); 0 when type is 0 or 1. Capped at 1800 s for HTTP and 150 s for DNS.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the flow (PacketBatch.agent_id; the manual\'s vtap_id, as a name instead of a number). Never empty.',
    `tap_type` UInt16 COMMENT 'Capture point type, the manual\'s code: 3 = cloud network (virtual interface of a host or container node); 1..2 and 4..255 = physical mirror / packet-broker ports. 0 is never written.',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (unsigned 32-bit; the manual displays it as 0x + 8 hex digits): index of the capture interface (0-based) for live capture, 0 for capture files.',
    `tap_port_name` LowCardinality(String) COMMENT 'Name of the capture interface or capture file (PacketBatch.capture_interface).',
    `tap_side` LowCardinality(String) COMMENT 'Where on the path the traffic was observed (the manual\'s 统计位置 / observation point): \'c\' = client (the initiator\'s own interface), \'s\' = server, \'c-nd\' / \'s-nd\' = client / server container node, \'c-hv\' / \'s-hv\' = client / server hypervisor host, \'c-gw-hv\' / \'s-gw-hv\' = client / server gateway host, \'c-gw\' / \'s-gw\' = client / server gateway, \'rest\' = other (e.g. flooding seen on an unrelated host). Empty = not determined (no catalog entry for the capture interface).',
    `is_ipv4` UInt8 COMMENT '1 = the flow is IPv4 (read ip4_0 / ip4_1), 0 = IPv6 (read ip6_0 / ip6_1). The manual\'s flow-log table prints the opposite; its column name, its HTTP-log table and its ip4/ip6 rule say this.',
    `ip4_0` IPv4 COMMENT 'Client IPv4 address as an unsigned 32-bit number in host order (1.2.3.4 = 0x01020304 = 16909060); 0 when is_ipv4 = 0.',
    `ip4_1` IPv4 COMMENT 'Server IPv4 address as an unsigned 32-bit number (see ip4_0); 0 when is_ipv4 = 0.',
    `ip6_0` IPv6 COMMENT 'Client IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `ip6_1` IPv6 COMMENT 'Server IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `protocol` UInt8 COMMENT 'IP protocol number (IANA): 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, 47 GRE, ...; 0 = non-IP (the manual\'s convention, not IANA\'s HOPOPT).',
    `client_port` UInt16 COMMENT 'Client TCP/UDP port; 0 = protocol without ports.',
    `server_port` UInt16 COMMENT 'Server TCP/UDP port; 0 = protocol without ports. For ICMP echo: the echo identifier.',
    `method` LowCardinality(String) COMMENT 'HTTP request method (GET, POST, ...); for HTTP/2 the :method pseudo-header; empty for DNS.',
    `host` String COMMENT 'HTTP Host header (HTTP/2 :authority); empty = absent.',
    `path` String COMMENT 'HTTP request path, without the query string unless obfuscation is off and the agent keeps it (HTTP/2 :path); empty = absent. At most the configured number of segments kept (default: all).',
    `endpoint` String COMMENT 'The path cut to its first N segments (default 3; configurable), the grouping key for per-endpoint statistics; for gRPC the service/method; empty for DNS.',
    `status_code` UInt16 COMMENT 'HTTP response status code (200, 404, ...); 0 = no response. Its class is intDiv(status_code, 100).',
    `grpc_status` Int16 COMMENT 'gRPC status from the grpc-status trailer or header (0 = OK, 1..16 the gRPC codes); -1 = not a gRPC message or no status seen.',
    `stream_id` UInt32 COMMENT 'HTTP/2 stream id (unsigned 31-bit); 0 for HTTP/1.x and DNS.',
    `content_length` Int64 COMMENT 'Response Content-Length header value in bytes (request\'s when there is no response); -1 = header absent or not parsed. 0 is a real zero.',
    `client_ip` String COMMENT 'Original client address from the X-Forwarded-For header (its first, left-most entry), as text; empty = header absent.',
    `request_id` String COMMENT 'X-Request-Id header value; empty = absent.',
    `trace_id` String COMMENT 'Distributed-tracing trace id, from the first header of the configured list that is present (default order: traceparent, X-B3-TraceId, uber-trace-id, sw8); empty = none.',
    `span_id` String COMMENT 'Span id from the same header as trace_id; empty = none.',
    `dns_id` UInt16 COMMENT 'DNS transaction id (the manual\'s `id`; 0..65535); 0 for other protocols.',
    `domain_name` String COMMENT 'DNS query name (first question), without the trailing dot; empty for other protocols.',
    `query_type` UInt16 COMMENT 'DNS query type of the first question (1 A, 28 AAAA, 5 CNAME, 12 PTR, 15 MX, 16 TXT, 33 SRV, ...); 0 for other protocols.',
    `answer_code` UInt8 COMMENT 'DNS response code (rcode: 0 NoError, 1 FormErr, 2 ServFail, 3 NXDomain, 4 NotImp, 5 Refused, ...); meaningful only when type is 1 or 2 (0 otherwise).',
    `answer_addr` String COMMENT 'DNS answers of type A and AAAA, as text, comma-separated in answer order; empty = none.',
    `request_length` UInt32 COMMENT 'Bytes of the request message seen (L4 payload of its segments up to the parse limit); 0 = no request.',
    `response_length` UInt32 COMMENT 'Bytes of the response message seen (L4 payload of its segments up to the parse limit); 0 = no response.',
    `region_id_0` UInt16 COMMENT 'Region of the client (Resource kind REGION id); 0 = unknown.',
    `az_id_0` UInt16 COMMENT 'Availability zone of the client (kind AZ); 0 = unknown.',
    `host_id_0` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the client (kind HOST); 0 = unknown.',
    `l3_device_type_0` UInt8 COMMENT 'Type of the device that owns the client address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_0` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_0` UInt16 COMMENT 'Kubernetes cluster of the client (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_0` UInt32 COMMENT 'Kubernetes node of the client (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_0` UInt16 COMMENT 'Kubernetes namespace of the client (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_0` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the client (kind WORKLOAD); 0 = unknown.',
    `pod_id_0` UInt32 COMMENT 'Pod of the client (kind POD); 0 = unknown.',
    `service_id_0` UInt32 COMMENT 'Service the client address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_0` Int32 COMMENT 'VPC of the client (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `epc_id_0` Int32 COMMENT 'VPC of the interface (MAC) the client packets were seen on, which differs from l3_epc_id_0 behind NAT or a gateway; 0 = unknown.',
    `subnet_id_0` UInt16 COMMENT 'Subnet of the client address (kind SUBNET); 0 = unknown.',
    `group_ids_0` Array(UInt16) COMMENT 'Custom resource groups (kind CUSTOM_GROUP) the client belongs to, ascending; empty = none.',
    `business_ids_0` Array(UInt16) COMMENT 'Businesses (application groupings) the client belongs to, ascending; empty = none.',
    `province_0` LowCardinality(String) COMMENT 'Province / region name of a client address on the Internet (WAN); empty = unknown or not on the Internet (tapflow has no geo database yet, so this stays empty).',
    `region_id_1` UInt16 COMMENT 'Region of the server (Resource kind REGION id); 0 = unknown.',
    `az_id_1` UInt16 COMMENT 'Availability zone of the server (kind AZ); 0 = unknown.',
    `host_id_1` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the server (kind HOST); 0 = unknown.',
    `l3_device_type_1` UInt8 COMMENT 'Type of the device that owns the server address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_1` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_1` UInt16 COMMENT 'Kubernetes cluster of the server (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_1` UInt32 COMMENT 'Kubernetes node of the server (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_1` UInt16 COMMENT 'Kubernetes namespace of the server (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_1` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the server (kind WORKLOAD); 0 = unknown.',
    `pod_id_1` UInt32 COMMENT 'Pod of the server (kind POD); 0 = unknown.',
    `service_id_1` UInt32 COMMENT 'Service the server address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_1` Int32 COMMENT 'VPC of the server (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `epc_id_1` Int32 COMMENT 'VPC of the interface (MAC) the server packets were seen on, which differs from l3_epc_id_1 behind NAT or a gateway; 0 = unknown.',
    `subnet_id_1` UInt16 COMMENT 'Subnet of the server address (kind SUBNET); 0 = unknown.',
    `group_ids_1` Array(UInt16) COMMENT 'Custom resource groups (kind CUSTOM_GROUP) the server belongs to, ascending; empty = none.',
    `business_ids_1` Array(UInt16) COMMENT 'Businesses (application groupings) the server belongs to, ascending; empty = none.',
    `province_1` LowCardinality(String) COMMENT 'Province / region name of a server address on the Internet (WAN); empty = unknown or not on the Internet (tapflow has no geo database yet, so this stays empty).'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_log/l7_flow_log_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l7_protocol, l3_epc_id_1, is_ipv4, ip4_1, ip6_1, server_port)
TTL time + INTERVAL 3 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_log.l7_flow_log ON CLUSTER tapflow AS flow_log.l7_flow_log_local
ENGINE = Distributed(tapflow, flow_log, l7_flow_log_local, sipHash64(flow_id));

-- migration flow_metrics.network_1s@v1: create flow_metrics.network_1s (io.tapflow.schema.NetworkMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.network_1s_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the observed address is IPv4 (ip4), 0 = IPv6 (ip6).',
    `ip4` IPv4 COMMENT 'Observed IPv4 address as an unsigned 32-bit number (1.2.3.4 = 16909060); 0 when is_ipv4 = 0.',
    `ip6` IPv6 COMMENT 'Observed IPv6 address, 16 bytes; empty when is_ipv4 = 1.',
    `role` UInt8 COMMENT 'Role of the observed address in the flows counted by this row: 0 = client (it initiated them), 1 = server. Every flow is counted twice in the single-side tables, once per side; filter on role to avoid double counting.',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `region_id` UInt16 COMMENT 'Region of the observed side\'s address (Resource kind REGION); 0 = unknown.',
    `az_id` UInt16 COMMENT 'Availability zone (kind AZ); 0 = unknown.',
    `host_id` UInt16 COMMENT 'Host (kind HOST); 0 = unknown.',
    `l3_device_type` UInt8 COMMENT 'Type of the device owning the address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id` UInt32 COMMENT 'Id of that device; 0 = unknown.',
    `pod_cluster_id` UInt16 COMMENT 'Kubernetes cluster (kind POD_CLUSTER); 0 = none or unknown.',
    `pod_node_id` UInt32 COMMENT 'Kubernetes node (kind POD_NODE); 0 = unknown.',
    `pod_ns_id` UInt16 COMMENT 'Kubernetes namespace (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id` UInt32 COMMENT 'Workload (kind WORKLOAD); 0 = unknown.',
    `pod_id` UInt32 COMMENT 'Pod (kind POD); 0 = unknown.',
    `service_id` UInt32 COMMENT 'Service (kind SERVICE); 0 = none or unknown.',
    `l3_epc_id` Int32 COMMENT 'VPC (kind VPC); 0 = unknown, -2 = Internet.',
    `subnet_id` UInt16 COMMENT 'Subnet (kind SUBNET); 0 = unknown.',
    `packet_tx` UInt64 COMMENT 'Packets sent by the clients of the flows counted (client->server).',
    `packet_rx` UInt64 COMMENT 'Packets sent by the servers (server->client).',
    `byte_tx` UInt64 COMMENT 'Layer-3 bytes sent by the clients (sum of IP total lengths).',
    `byte_rx` UInt64 COMMENT 'Layer-3 bytes sent by the servers.',
    `l4_byte_tx` UInt64 COMMENT 'Layer-4 payload bytes sent by the clients.',
    `l4_byte_rx` UInt64 COMMENT 'Layer-4 payload bytes sent by the servers.',
    `new_flow` UInt64 COMMENT 'Flows that started in the bucket (L4 records with is_new_flow = 1).',
    `closed_flow` UInt64 COMMENT 'Flows that ended in the bucket (L4 records with close_type other than 5, forced report).',
    `flow_load` UInt64 COMMENT 'Active connections (the manual\'s 活跃连接, counted per client IP, server IP, protocol and server port): period 1: connections with traffic in that second, plus, in the first second of each minute, idle connections not yet ended (a concurrency estimate; other seconds give a lower bound); period 60: every connection alive during the minute, idle or not (an upper bound). Not additive over time: roll up with max or avg, never sum.',
    `syn_count` UInt64 COMMENT 'SYN packets (without ACK) sent by the clients.',
    `synack_count` UInt64 COMMENT 'SYN-ACK packets sent by the servers.',
    `retrans_tx` UInt64 COMMENT 'TCP retransmissions by the clients.',
    `retrans_rx` UInt64 COMMENT 'TCP retransmissions by the servers.',
    `zero_win_tx` UInt64 COMMENT 'Zero-window TCP packets sent by the clients.',
    `zero_win_rx` UInt64 COMMENT 'Zero-window TCP packets sent by the servers.',
    `client_syn_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the client only repeated SYN (L4 close_type 7). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_source_port_reuse` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reused its source port (L4 close_type 13). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset during the handshake (L4 close_type 18). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_reset` UInt64 COMMENT 'TCP flows that ended in the bucket because the server answered SYN with RST (L4 close_type 15). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_syn_ack_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the server only repeated SYN-ACK (L4 close_type 10). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_queue_lack` UInt64 COMMENT 'TCP flows that ended in the bucket because the server\'s accept queue was full (L4 close_type 17). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset during the handshake in another way (L4 close_type 19). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset an established connection (L4 close_type 9). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset an established connection (L4 close_type 2). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the client (L4 close_type 11). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the server (L4 close_type 8). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `tcp_timeout` UInt64 COMMENT 'TCP flows that ended in the bucket because the TCP connection timed out (L4 close_type 3). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `rtt_sum` UInt64 COMMENT 'Sum of the TCP handshake RTT samples in the bucket, microseconds.',
    `rtt_count` UInt64 COMMENT 'Number of TCP handshake RTT samples in the bucket; rtt_sum / rtt_count = the average.',
    `rtt_max` UInt32 COMMENT 'Largest TCP handshake RTT sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_client_sum` UInt64 COMMENT 'Sum of the client-side handshake delay samples in the bucket, microseconds.',
    `rtt_client_count` UInt64 COMMENT 'Number of client-side handshake delay samples in the bucket; rtt_client_sum / rtt_client_count = the average.',
    `rtt_client_max` UInt32 COMMENT 'Largest client-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_server_sum` UInt64 COMMENT 'Sum of the server-side handshake delay samples in the bucket, microseconds.',
    `rtt_server_count` UInt64 COMMENT 'Number of server-side handshake delay samples in the bucket; rtt_server_sum / rtt_server_count = the average.',
    `rtt_server_max` UInt32 COMMENT 'Largest server-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `srt_sum` UInt64 COMMENT 'Sum of the TCP system latency samples in the bucket, microseconds.',
    `srt_count` UInt64 COMMENT 'Number of TCP system latency samples in the bucket; srt_sum / srt_count = the average.',
    `srt_max` UInt32 COMMENT 'Largest TCP system latency sample in the bucket, microseconds (cap 10 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `art_sum` UInt64 COMMENT 'Sum of the transport-layer application latency samples in the bucket, microseconds.',
    `art_count` UInt64 COMMENT 'Number of transport-layer application latency samples in the bucket; art_sum / art_count = the average.',
    `art_max` UInt32 COMMENT 'Largest transport-layer application latency sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/network_1s_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l3_epc_id, is_ipv4, ip4, ip6, protocol, server_port, role, tap_side, agent_id)
TTL time + INTERVAL 1 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.network_1s ON CLUSTER tapflow AS flow_metrics.network_1s_local
ENGINE = Distributed(tapflow, flow_metrics, network_1s_local, rand());

-- migration flow_metrics.network_1m@v1: create flow_metrics.network_1m (io.tapflow.schema.NetworkMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.network_1m_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the observed address is IPv4 (ip4), 0 = IPv6 (ip6).',
    `ip4` IPv4 COMMENT 'Observed IPv4 address as an unsigned 32-bit number (1.2.3.4 = 16909060); 0 when is_ipv4 = 0.',
    `ip6` IPv6 COMMENT 'Observed IPv6 address, 16 bytes; empty when is_ipv4 = 1.',
    `role` UInt8 COMMENT 'Role of the observed address in the flows counted by this row: 0 = client (it initiated them), 1 = server. Every flow is counted twice in the single-side tables, once per side; filter on role to avoid double counting.',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `region_id` UInt16 COMMENT 'Region of the observed side\'s address (Resource kind REGION); 0 = unknown.',
    `az_id` UInt16 COMMENT 'Availability zone (kind AZ); 0 = unknown.',
    `host_id` UInt16 COMMENT 'Host (kind HOST); 0 = unknown.',
    `l3_device_type` UInt8 COMMENT 'Type of the device owning the address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id` UInt32 COMMENT 'Id of that device; 0 = unknown.',
    `pod_cluster_id` UInt16 COMMENT 'Kubernetes cluster (kind POD_CLUSTER); 0 = none or unknown.',
    `pod_node_id` UInt32 COMMENT 'Kubernetes node (kind POD_NODE); 0 = unknown.',
    `pod_ns_id` UInt16 COMMENT 'Kubernetes namespace (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id` UInt32 COMMENT 'Workload (kind WORKLOAD); 0 = unknown.',
    `pod_id` UInt32 COMMENT 'Pod (kind POD); 0 = unknown.',
    `service_id` UInt32 COMMENT 'Service (kind SERVICE); 0 = none or unknown.',
    `l3_epc_id` Int32 COMMENT 'VPC (kind VPC); 0 = unknown, -2 = Internet.',
    `subnet_id` UInt16 COMMENT 'Subnet (kind SUBNET); 0 = unknown.',
    `packet_tx` UInt64 COMMENT 'Packets sent by the clients of the flows counted (client->server).',
    `packet_rx` UInt64 COMMENT 'Packets sent by the servers (server->client).',
    `byte_tx` UInt64 COMMENT 'Layer-3 bytes sent by the clients (sum of IP total lengths).',
    `byte_rx` UInt64 COMMENT 'Layer-3 bytes sent by the servers.',
    `l4_byte_tx` UInt64 COMMENT 'Layer-4 payload bytes sent by the clients.',
    `l4_byte_rx` UInt64 COMMENT 'Layer-4 payload bytes sent by the servers.',
    `new_flow` UInt64 COMMENT 'Flows that started in the bucket (L4 records with is_new_flow = 1).',
    `closed_flow` UInt64 COMMENT 'Flows that ended in the bucket (L4 records with close_type other than 5, forced report).',
    `flow_load` UInt64 COMMENT 'Active connections (the manual\'s 活跃连接, counted per client IP, server IP, protocol and server port): period 1: connections with traffic in that second, plus, in the first second of each minute, idle connections not yet ended (a concurrency estimate; other seconds give a lower bound); period 60: every connection alive during the minute, idle or not (an upper bound). Not additive over time: roll up with max or avg, never sum.',
    `syn_count` UInt64 COMMENT 'SYN packets (without ACK) sent by the clients.',
    `synack_count` UInt64 COMMENT 'SYN-ACK packets sent by the servers.',
    `retrans_tx` UInt64 COMMENT 'TCP retransmissions by the clients.',
    `retrans_rx` UInt64 COMMENT 'TCP retransmissions by the servers.',
    `zero_win_tx` UInt64 COMMENT 'Zero-window TCP packets sent by the clients.',
    `zero_win_rx` UInt64 COMMENT 'Zero-window TCP packets sent by the servers.',
    `client_syn_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the client only repeated SYN (L4 close_type 7). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_source_port_reuse` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reused its source port (L4 close_type 13). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset during the handshake (L4 close_type 18). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_reset` UInt64 COMMENT 'TCP flows that ended in the bucket because the server answered SYN with RST (L4 close_type 15). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_syn_ack_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the server only repeated SYN-ACK (L4 close_type 10). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_queue_lack` UInt64 COMMENT 'TCP flows that ended in the bucket because the server\'s accept queue was full (L4 close_type 17). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset during the handshake in another way (L4 close_type 19). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset an established connection (L4 close_type 9). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset an established connection (L4 close_type 2). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the client (L4 close_type 11). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the server (L4 close_type 8). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `tcp_timeout` UInt64 COMMENT 'TCP flows that ended in the bucket because the TCP connection timed out (L4 close_type 3). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `rtt_sum` UInt64 COMMENT 'Sum of the TCP handshake RTT samples in the bucket, microseconds.',
    `rtt_count` UInt64 COMMENT 'Number of TCP handshake RTT samples in the bucket; rtt_sum / rtt_count = the average.',
    `rtt_max` UInt32 COMMENT 'Largest TCP handshake RTT sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_client_sum` UInt64 COMMENT 'Sum of the client-side handshake delay samples in the bucket, microseconds.',
    `rtt_client_count` UInt64 COMMENT 'Number of client-side handshake delay samples in the bucket; rtt_client_sum / rtt_client_count = the average.',
    `rtt_client_max` UInt32 COMMENT 'Largest client-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_server_sum` UInt64 COMMENT 'Sum of the server-side handshake delay samples in the bucket, microseconds.',
    `rtt_server_count` UInt64 COMMENT 'Number of server-side handshake delay samples in the bucket; rtt_server_sum / rtt_server_count = the average.',
    `rtt_server_max` UInt32 COMMENT 'Largest server-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `srt_sum` UInt64 COMMENT 'Sum of the TCP system latency samples in the bucket, microseconds.',
    `srt_count` UInt64 COMMENT 'Number of TCP system latency samples in the bucket; srt_sum / srt_count = the average.',
    `srt_max` UInt32 COMMENT 'Largest TCP system latency sample in the bucket, microseconds (cap 10 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `art_sum` UInt64 COMMENT 'Sum of the transport-layer application latency samples in the bucket, microseconds.',
    `art_count` UInt64 COMMENT 'Number of transport-layer application latency samples in the bucket; art_sum / art_count = the average.',
    `art_max` UInt32 COMMENT 'Largest transport-layer application latency sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/network_1m_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l3_epc_id, is_ipv4, ip4, ip6, protocol, server_port, role, tap_side, agent_id)
TTL time + INTERVAL 7 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.network_1m ON CLUSTER tapflow AS flow_metrics.network_1m_local
ENGINE = Distributed(tapflow, flow_metrics, network_1m_local, rand());

-- migration flow_metrics.network_map_1s@v1: create flow_metrics.network_map_1s (io.tapflow.schema.NetworkMapMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.network_map_1s_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the flow is IPv4 (read ip4_0 / ip4_1), 0 = IPv6 (read ip6_0 / ip6_1). The manual\'s flow-log table prints the opposite; its column name, its HTTP-log table and its ip4/ip6 rule say this.',
    `ip4_0` IPv4 COMMENT 'Client IPv4 address as an unsigned 32-bit number in host order (1.2.3.4 = 0x01020304 = 16909060); 0 when is_ipv4 = 0.',
    `ip4_1` IPv4 COMMENT 'Server IPv4 address as an unsigned 32-bit number (see ip4_0); 0 when is_ipv4 = 0.',
    `ip6_0` IPv6 COMMENT 'Client IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `ip6_1` IPv6 COMMENT 'Server IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `region_id_0` UInt16 COMMENT 'Region of the client (Resource kind REGION id); 0 = unknown.',
    `az_id_0` UInt16 COMMENT 'Availability zone of the client (kind AZ); 0 = unknown.',
    `host_id_0` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the client (kind HOST); 0 = unknown.',
    `l3_device_type_0` UInt8 COMMENT 'Type of the device that owns the client address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_0` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_0` UInt16 COMMENT 'Kubernetes cluster of the client (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_0` UInt32 COMMENT 'Kubernetes node of the client (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_0` UInt16 COMMENT 'Kubernetes namespace of the client (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_0` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the client (kind WORKLOAD); 0 = unknown.',
    `pod_id_0` UInt32 COMMENT 'Pod of the client (kind POD); 0 = unknown.',
    `service_id_0` UInt32 COMMENT 'Service the client address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_0` Int32 COMMENT 'VPC of the client (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_0` UInt16 COMMENT 'Subnet of the client address (kind SUBNET); 0 = unknown.',
    `region_id_1` UInt16 COMMENT 'Region of the server (Resource kind REGION id); 0 = unknown.',
    `az_id_1` UInt16 COMMENT 'Availability zone of the server (kind AZ); 0 = unknown.',
    `host_id_1` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the server (kind HOST); 0 = unknown.',
    `l3_device_type_1` UInt8 COMMENT 'Type of the device that owns the server address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_1` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_1` UInt16 COMMENT 'Kubernetes cluster of the server (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_1` UInt32 COMMENT 'Kubernetes node of the server (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_1` UInt16 COMMENT 'Kubernetes namespace of the server (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_1` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the server (kind WORKLOAD); 0 = unknown.',
    `pod_id_1` UInt32 COMMENT 'Pod of the server (kind POD); 0 = unknown.',
    `service_id_1` UInt32 COMMENT 'Service the server address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_1` Int32 COMMENT 'VPC of the server (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_1` UInt16 COMMENT 'Subnet of the server address (kind SUBNET); 0 = unknown.',
    `packet_tx` UInt64 COMMENT 'Packets sent by the clients of the flows counted (client->server).',
    `packet_rx` UInt64 COMMENT 'Packets sent by the servers (server->client).',
    `byte_tx` UInt64 COMMENT 'Layer-3 bytes sent by the clients (sum of IP total lengths).',
    `byte_rx` UInt64 COMMENT 'Layer-3 bytes sent by the servers.',
    `l4_byte_tx` UInt64 COMMENT 'Layer-4 payload bytes sent by the clients.',
    `l4_byte_rx` UInt64 COMMENT 'Layer-4 payload bytes sent by the servers.',
    `new_flow` UInt64 COMMENT 'Flows that started in the bucket (L4 records with is_new_flow = 1).',
    `closed_flow` UInt64 COMMENT 'Flows that ended in the bucket (L4 records with close_type other than 5, forced report).',
    `flow_load` UInt64 COMMENT 'Active connections (the manual\'s 活跃连接, counted per client IP, server IP, protocol and server port): period 1: connections with traffic in that second, plus, in the first second of each minute, idle connections not yet ended (a concurrency estimate; other seconds give a lower bound); period 60: every connection alive during the minute, idle or not (an upper bound). Not additive over time: roll up with max or avg, never sum.',
    `syn_count` UInt64 COMMENT 'SYN packets (without ACK) sent by the clients.',
    `synack_count` UInt64 COMMENT 'SYN-ACK packets sent by the servers.',
    `retrans_tx` UInt64 COMMENT 'TCP retransmissions by the clients.',
    `retrans_rx` UInt64 COMMENT 'TCP retransmissions by the servers.',
    `zero_win_tx` UInt64 COMMENT 'Zero-window TCP packets sent by the clients.',
    `zero_win_rx` UInt64 COMMENT 'Zero-window TCP packets sent by the servers.',
    `client_syn_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the client only repeated SYN (L4 close_type 7). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_source_port_reuse` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reused its source port (L4 close_type 13). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset during the handshake (L4 close_type 18). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_reset` UInt64 COMMENT 'TCP flows that ended in the bucket because the server answered SYN with RST (L4 close_type 15). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_syn_ack_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the server only repeated SYN-ACK (L4 close_type 10). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_queue_lack` UInt64 COMMENT 'TCP flows that ended in the bucket because the server\'s accept queue was full (L4 close_type 17). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset during the handshake in another way (L4 close_type 19). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset an established connection (L4 close_type 9). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset an established connection (L4 close_type 2). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the client (L4 close_type 11). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the server (L4 close_type 8). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `tcp_timeout` UInt64 COMMENT 'TCP flows that ended in the bucket because the TCP connection timed out (L4 close_type 3). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `rtt_sum` UInt64 COMMENT 'Sum of the TCP handshake RTT samples in the bucket, microseconds.',
    `rtt_count` UInt64 COMMENT 'Number of TCP handshake RTT samples in the bucket; rtt_sum / rtt_count = the average.',
    `rtt_max` UInt32 COMMENT 'Largest TCP handshake RTT sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_client_sum` UInt64 COMMENT 'Sum of the client-side handshake delay samples in the bucket, microseconds.',
    `rtt_client_count` UInt64 COMMENT 'Number of client-side handshake delay samples in the bucket; rtt_client_sum / rtt_client_count = the average.',
    `rtt_client_max` UInt32 COMMENT 'Largest client-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_server_sum` UInt64 COMMENT 'Sum of the server-side handshake delay samples in the bucket, microseconds.',
    `rtt_server_count` UInt64 COMMENT 'Number of server-side handshake delay samples in the bucket; rtt_server_sum / rtt_server_count = the average.',
    `rtt_server_max` UInt32 COMMENT 'Largest server-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `srt_sum` UInt64 COMMENT 'Sum of the TCP system latency samples in the bucket, microseconds.',
    `srt_count` UInt64 COMMENT 'Number of TCP system latency samples in the bucket; srt_sum / srt_count = the average.',
    `srt_max` UInt32 COMMENT 'Largest TCP system latency sample in the bucket, microseconds (cap 10 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `art_sum` UInt64 COMMENT 'Sum of the transport-layer application latency samples in the bucket, microseconds.',
    `art_count` UInt64 COMMENT 'Number of transport-layer application latency samples in the bucket; art_sum / art_count = the average.',
    `art_max` UInt32 COMMENT 'Largest transport-layer application latency sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/network_map_1s_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l3_epc_id_1, is_ipv4, ip4_1, ip6_1, protocol, server_port, l3_epc_id_0, ip4_0, ip6_0, tap_side, agent_id)
TTL time + INTERVAL 1 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.network_map_1s ON CLUSTER tapflow AS flow_metrics.network_map_1s_local
ENGINE = Distributed(tapflow, flow_metrics, network_map_1s_local, rand());

-- migration flow_metrics.network_map_1m@v1: create flow_metrics.network_map_1m (io.tapflow.schema.NetworkMapMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.network_map_1m_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the flow is IPv4 (read ip4_0 / ip4_1), 0 = IPv6 (read ip6_0 / ip6_1). The manual\'s flow-log table prints the opposite; its column name, its HTTP-log table and its ip4/ip6 rule say this.',
    `ip4_0` IPv4 COMMENT 'Client IPv4 address as an unsigned 32-bit number in host order (1.2.3.4 = 0x01020304 = 16909060); 0 when is_ipv4 = 0.',
    `ip4_1` IPv4 COMMENT 'Server IPv4 address as an unsigned 32-bit number (see ip4_0); 0 when is_ipv4 = 0.',
    `ip6_0` IPv6 COMMENT 'Client IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `ip6_1` IPv6 COMMENT 'Server IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `region_id_0` UInt16 COMMENT 'Region of the client (Resource kind REGION id); 0 = unknown.',
    `az_id_0` UInt16 COMMENT 'Availability zone of the client (kind AZ); 0 = unknown.',
    `host_id_0` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the client (kind HOST); 0 = unknown.',
    `l3_device_type_0` UInt8 COMMENT 'Type of the device that owns the client address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_0` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_0` UInt16 COMMENT 'Kubernetes cluster of the client (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_0` UInt32 COMMENT 'Kubernetes node of the client (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_0` UInt16 COMMENT 'Kubernetes namespace of the client (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_0` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the client (kind WORKLOAD); 0 = unknown.',
    `pod_id_0` UInt32 COMMENT 'Pod of the client (kind POD); 0 = unknown.',
    `service_id_0` UInt32 COMMENT 'Service the client address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_0` Int32 COMMENT 'VPC of the client (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_0` UInt16 COMMENT 'Subnet of the client address (kind SUBNET); 0 = unknown.',
    `region_id_1` UInt16 COMMENT 'Region of the server (Resource kind REGION id); 0 = unknown.',
    `az_id_1` UInt16 COMMENT 'Availability zone of the server (kind AZ); 0 = unknown.',
    `host_id_1` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the server (kind HOST); 0 = unknown.',
    `l3_device_type_1` UInt8 COMMENT 'Type of the device that owns the server address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_1` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_1` UInt16 COMMENT 'Kubernetes cluster of the server (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_1` UInt32 COMMENT 'Kubernetes node of the server (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_1` UInt16 COMMENT 'Kubernetes namespace of the server (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_1` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the server (kind WORKLOAD); 0 = unknown.',
    `pod_id_1` UInt32 COMMENT 'Pod of the server (kind POD); 0 = unknown.',
    `service_id_1` UInt32 COMMENT 'Service the server address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_1` Int32 COMMENT 'VPC of the server (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_1` UInt16 COMMENT 'Subnet of the server address (kind SUBNET); 0 = unknown.',
    `packet_tx` UInt64 COMMENT 'Packets sent by the clients of the flows counted (client->server).',
    `packet_rx` UInt64 COMMENT 'Packets sent by the servers (server->client).',
    `byte_tx` UInt64 COMMENT 'Layer-3 bytes sent by the clients (sum of IP total lengths).',
    `byte_rx` UInt64 COMMENT 'Layer-3 bytes sent by the servers.',
    `l4_byte_tx` UInt64 COMMENT 'Layer-4 payload bytes sent by the clients.',
    `l4_byte_rx` UInt64 COMMENT 'Layer-4 payload bytes sent by the servers.',
    `new_flow` UInt64 COMMENT 'Flows that started in the bucket (L4 records with is_new_flow = 1).',
    `closed_flow` UInt64 COMMENT 'Flows that ended in the bucket (L4 records with close_type other than 5, forced report).',
    `flow_load` UInt64 COMMENT 'Active connections (the manual\'s 活跃连接, counted per client IP, server IP, protocol and server port): period 1: connections with traffic in that second, plus, in the first second of each minute, idle connections not yet ended (a concurrency estimate; other seconds give a lower bound); period 60: every connection alive during the minute, idle or not (an upper bound). Not additive over time: roll up with max or avg, never sum.',
    `syn_count` UInt64 COMMENT 'SYN packets (without ACK) sent by the clients.',
    `synack_count` UInt64 COMMENT 'SYN-ACK packets sent by the servers.',
    `retrans_tx` UInt64 COMMENT 'TCP retransmissions by the clients.',
    `retrans_rx` UInt64 COMMENT 'TCP retransmissions by the servers.',
    `zero_win_tx` UInt64 COMMENT 'Zero-window TCP packets sent by the clients.',
    `zero_win_rx` UInt64 COMMENT 'Zero-window TCP packets sent by the servers.',
    `client_syn_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the client only repeated SYN (L4 close_type 7). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_source_port_reuse` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reused its source port (L4 close_type 13). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset during the handshake (L4 close_type 18). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_reset` UInt64 COMMENT 'TCP flows that ended in the bucket because the server answered SYN with RST (L4 close_type 15). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_syn_ack_repeat` UInt64 COMMENT 'TCP flows that ended in the bucket because the server only repeated SYN-ACK (L4 close_type 10). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_queue_lack` UInt64 COMMENT 'TCP flows that ended in the bucket because the server\'s accept queue was full (L4 close_type 17). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_establish_other_rst` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset during the handshake in another way (L4 close_type 19). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the client reset an established connection (L4 close_type 9). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_rst_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the server reset an established connection (L4 close_type 2). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `client_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the client (L4 close_type 11). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `server_half_close_flow` UInt64 COMMENT 'TCP flows that ended in the bucket because the connection was left half-closed by the server (L4 close_type 8). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `tcp_timeout` UInt64 COMMENT 'TCP flows that ended in the bucket because the TCP connection timed out (L4 close_type 3). Setup failures: client_establish_fail = client_syn_repeat + client_source_port_reuse + client_establish_other_rst, server_establish_fail = server_syn_ack_repeat + server_reset + server_queue_lack + server_establish_other_rst (computed at query time).',
    `rtt_sum` UInt64 COMMENT 'Sum of the TCP handshake RTT samples in the bucket, microseconds.',
    `rtt_count` UInt64 COMMENT 'Number of TCP handshake RTT samples in the bucket; rtt_sum / rtt_count = the average.',
    `rtt_max` UInt32 COMMENT 'Largest TCP handshake RTT sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_client_sum` UInt64 COMMENT 'Sum of the client-side handshake delay samples in the bucket, microseconds.',
    `rtt_client_count` UInt64 COMMENT 'Number of client-side handshake delay samples in the bucket; rtt_client_sum / rtt_client_count = the average.',
    `rtt_client_max` UInt32 COMMENT 'Largest client-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `rtt_server_sum` UInt64 COMMENT 'Sum of the server-side handshake delay samples in the bucket, microseconds.',
    `rtt_server_count` UInt64 COMMENT 'Number of server-side handshake delay samples in the bucket; rtt_server_sum / rtt_server_count = the average.',
    `rtt_server_max` UInt32 COMMENT 'Largest server-side handshake delay sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `srt_sum` UInt64 COMMENT 'Sum of the TCP system latency samples in the bucket, microseconds.',
    `srt_count` UInt64 COMMENT 'Number of TCP system latency samples in the bucket; srt_sum / srt_count = the average.',
    `srt_max` UInt32 COMMENT 'Largest TCP system latency sample in the bucket, microseconds (cap 10 s); 0 = no sample. In a rollup: the largest of the per-second maxima.',
    `art_sum` UInt64 COMMENT 'Sum of the transport-layer application latency samples in the bucket, microseconds.',
    `art_count` UInt64 COMMENT 'Number of transport-layer application latency samples in the bucket; art_sum / art_count = the average.',
    `art_max` UInt32 COMMENT 'Largest transport-layer application latency sample in the bucket, microseconds (cap 30 s); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/network_map_1m_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l3_epc_id_1, is_ipv4, ip4_1, ip6_1, protocol, server_port, l3_epc_id_0, ip4_0, ip6_0, tap_side, agent_id)
TTL time + INTERVAL 7 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.network_map_1m ON CLUSTER tapflow AS flow_metrics.network_map_1m_local
ENGINE = Distributed(tapflow, flow_metrics, network_map_1m_local, rand());

-- migration flow_metrics.application_1s@v1: create flow_metrics.application_1s (io.tapflow.schema.ApplicationMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.application_1s_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the observed address is IPv4 (ip4), 0 = IPv6 (ip6).',
    `ip4` IPv4 COMMENT 'Observed IPv4 address as an unsigned 32-bit number (1.2.3.4 = 16909060); 0 when is_ipv4 = 0.',
    `ip6` IPv6 COMMENT 'Observed IPv6 address, 16 bytes; empty when is_ipv4 = 1.',
    `role` UInt8 COMMENT 'Role of the observed address in the flows counted by this row: 0 = client (it initiated them), 1 = server. Every flow is counted twice in the single-side tables, once per side; filter on role to avoid double counting.',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `l7_protocol` UInt8 COMMENT 'Application protocol: 0 = unknown (not parsed), 1 = other (payload seen, no parser recognised it), 20 = HTTP/1.x, 21 = HTTP/2 (including gRPC), 40 = Dubbo, 60 = MySQL, 80 = Redis, 100 = Kafka, 120 = DNS (the manual\'s v6.1 numbering: one family per 20 codes).',
    `region_id` UInt16 COMMENT 'Region of the observed side\'s address (Resource kind REGION); 0 = unknown.',
    `az_id` UInt16 COMMENT 'Availability zone (kind AZ); 0 = unknown.',
    `host_id` UInt16 COMMENT 'Host (kind HOST); 0 = unknown.',
    `l3_device_type` UInt8 COMMENT 'Type of the device owning the address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id` UInt32 COMMENT 'Id of that device; 0 = unknown.',
    `pod_cluster_id` UInt16 COMMENT 'Kubernetes cluster (kind POD_CLUSTER); 0 = none or unknown.',
    `pod_node_id` UInt32 COMMENT 'Kubernetes node (kind POD_NODE); 0 = unknown.',
    `pod_ns_id` UInt16 COMMENT 'Kubernetes namespace (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id` UInt32 COMMENT 'Workload (kind WORKLOAD); 0 = unknown.',
    `pod_id` UInt32 COMMENT 'Pod (kind POD); 0 = unknown.',
    `service_id` UInt32 COMMENT 'Service (kind SERVICE); 0 = none or unknown.',
    `l3_epc_id` Int32 COMMENT 'VPC (kind VPC); 0 = unknown, -2 = Internet.',
    `subnet_id` UInt16 COMMENT 'Subnet (kind SUBNET); 0 = unknown.',
    `l7_request` UInt64 COMMENT 'Application requests seen (paired or not).',
    `l7_response` UInt64 COMMENT 'Application responses seen (paired or not).',
    `l7_client_error` UInt64 COMMENT 'Responses that are client errors (HTTP 4XX, DNS rcode 1 or 3).',
    `l7_server_error` UInt64 COMMENT 'Responses that are server errors (HTTP 5XX, DNS other non-zero rcode, gRPC non-zero status).',
    `l7_server_timeout` UInt64 COMMENT 'Requests that got no response (flow ended, or pushed out of the in-flight buffer).',
    `rrt_sum` UInt64 COMMENT 'Sum of the application response time (request\'s first packet to response\'s first packet) samples in the bucket, microseconds.',
    `rrt_count` UInt64 COMMENT 'Number of application response time (request\'s first packet to response\'s first packet) samples in the bucket; rrt_sum / rrt_count = the average.',
    `rrt_max` UInt32 COMMENT 'Largest application response time (request\'s first packet to response\'s first packet) sample in the bucket, microseconds (cap 1800 s HTTP, 150 s DNS); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/application_1s_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l7_protocol, l3_epc_id, is_ipv4, ip4, ip6, server_port, role, tap_side, agent_id)
TTL time + INTERVAL 1 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.application_1s ON CLUSTER tapflow AS flow_metrics.application_1s_local
ENGINE = Distributed(tapflow, flow_metrics, application_1s_local, rand());

-- migration flow_metrics.application_1m@v1: create flow_metrics.application_1m (io.tapflow.schema.ApplicationMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.application_1m_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the observed address is IPv4 (ip4), 0 = IPv6 (ip6).',
    `ip4` IPv4 COMMENT 'Observed IPv4 address as an unsigned 32-bit number (1.2.3.4 = 16909060); 0 when is_ipv4 = 0.',
    `ip6` IPv6 COMMENT 'Observed IPv6 address, 16 bytes; empty when is_ipv4 = 1.',
    `role` UInt8 COMMENT 'Role of the observed address in the flows counted by this row: 0 = client (it initiated them), 1 = server. Every flow is counted twice in the single-side tables, once per side; filter on role to avoid double counting.',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `l7_protocol` UInt8 COMMENT 'Application protocol: 0 = unknown (not parsed), 1 = other (payload seen, no parser recognised it), 20 = HTTP/1.x, 21 = HTTP/2 (including gRPC), 40 = Dubbo, 60 = MySQL, 80 = Redis, 100 = Kafka, 120 = DNS (the manual\'s v6.1 numbering: one family per 20 codes).',
    `region_id` UInt16 COMMENT 'Region of the observed side\'s address (Resource kind REGION); 0 = unknown.',
    `az_id` UInt16 COMMENT 'Availability zone (kind AZ); 0 = unknown.',
    `host_id` UInt16 COMMENT 'Host (kind HOST); 0 = unknown.',
    `l3_device_type` UInt8 COMMENT 'Type of the device owning the address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id` UInt32 COMMENT 'Id of that device; 0 = unknown.',
    `pod_cluster_id` UInt16 COMMENT 'Kubernetes cluster (kind POD_CLUSTER); 0 = none or unknown.',
    `pod_node_id` UInt32 COMMENT 'Kubernetes node (kind POD_NODE); 0 = unknown.',
    `pod_ns_id` UInt16 COMMENT 'Kubernetes namespace (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id` UInt32 COMMENT 'Workload (kind WORKLOAD); 0 = unknown.',
    `pod_id` UInt32 COMMENT 'Pod (kind POD); 0 = unknown.',
    `service_id` UInt32 COMMENT 'Service (kind SERVICE); 0 = none or unknown.',
    `l3_epc_id` Int32 COMMENT 'VPC (kind VPC); 0 = unknown, -2 = Internet.',
    `subnet_id` UInt16 COMMENT 'Subnet (kind SUBNET); 0 = unknown.',
    `l7_request` UInt64 COMMENT 'Application requests seen (paired or not).',
    `l7_response` UInt64 COMMENT 'Application responses seen (paired or not).',
    `l7_client_error` UInt64 COMMENT 'Responses that are client errors (HTTP 4XX, DNS rcode 1 or 3).',
    `l7_server_error` UInt64 COMMENT 'Responses that are server errors (HTTP 5XX, DNS other non-zero rcode, gRPC non-zero status).',
    `l7_server_timeout` UInt64 COMMENT 'Requests that got no response (flow ended, or pushed out of the in-flight buffer).',
    `rrt_sum` UInt64 COMMENT 'Sum of the application response time (request\'s first packet to response\'s first packet) samples in the bucket, microseconds.',
    `rrt_count` UInt64 COMMENT 'Number of application response time (request\'s first packet to response\'s first packet) samples in the bucket; rrt_sum / rrt_count = the average.',
    `rrt_max` UInt32 COMMENT 'Largest application response time (request\'s first packet to response\'s first packet) sample in the bucket, microseconds (cap 1800 s HTTP, 150 s DNS); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/application_1m_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l7_protocol, l3_epc_id, is_ipv4, ip4, ip6, server_port, role, tap_side, agent_id)
TTL time + INTERVAL 7 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.application_1m ON CLUSTER tapflow AS flow_metrics.application_1m_local
ENGINE = Distributed(tapflow, flow_metrics, application_1m_local, rand());

-- migration flow_metrics.application_map_1s@v1: create flow_metrics.application_map_1s (io.tapflow.schema.ApplicationMapMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.application_map_1s_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the flow is IPv4 (read ip4_0 / ip4_1), 0 = IPv6 (read ip6_0 / ip6_1). The manual\'s flow-log table prints the opposite; its column name, its HTTP-log table and its ip4/ip6 rule say this.',
    `ip4_0` IPv4 COMMENT 'Client IPv4 address as an unsigned 32-bit number in host order (1.2.3.4 = 0x01020304 = 16909060); 0 when is_ipv4 = 0.',
    `ip4_1` IPv4 COMMENT 'Server IPv4 address as an unsigned 32-bit number (see ip4_0); 0 when is_ipv4 = 0.',
    `ip6_0` IPv6 COMMENT 'Client IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `ip6_1` IPv6 COMMENT 'Server IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `l7_protocol` UInt8 COMMENT 'Application protocol: 0 = unknown (not parsed), 1 = other (payload seen, no parser recognised it), 20 = HTTP/1.x, 21 = HTTP/2 (including gRPC), 40 = Dubbo, 60 = MySQL, 80 = Redis, 100 = Kafka, 120 = DNS (the manual\'s v6.1 numbering: one family per 20 codes).',
    `region_id_0` UInt16 COMMENT 'Region of the client (Resource kind REGION id); 0 = unknown.',
    `az_id_0` UInt16 COMMENT 'Availability zone of the client (kind AZ); 0 = unknown.',
    `host_id_0` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the client (kind HOST); 0 = unknown.',
    `l3_device_type_0` UInt8 COMMENT 'Type of the device that owns the client address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_0` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_0` UInt16 COMMENT 'Kubernetes cluster of the client (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_0` UInt32 COMMENT 'Kubernetes node of the client (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_0` UInt16 COMMENT 'Kubernetes namespace of the client (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_0` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the client (kind WORKLOAD); 0 = unknown.',
    `pod_id_0` UInt32 COMMENT 'Pod of the client (kind POD); 0 = unknown.',
    `service_id_0` UInt32 COMMENT 'Service the client address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_0` Int32 COMMENT 'VPC of the client (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_0` UInt16 COMMENT 'Subnet of the client address (kind SUBNET); 0 = unknown.',
    `region_id_1` UInt16 COMMENT 'Region of the server (Resource kind REGION id); 0 = unknown.',
    `az_id_1` UInt16 COMMENT 'Availability zone of the server (kind AZ); 0 = unknown.',
    `host_id_1` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the server (kind HOST); 0 = unknown.',
    `l3_device_type_1` UInt8 COMMENT 'Type of the device that owns the server address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_1` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_1` UInt16 COMMENT 'Kubernetes cluster of the server (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_1` UInt32 COMMENT 'Kubernetes node of the server (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_1` UInt16 COMMENT 'Kubernetes namespace of the server (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_1` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the server (kind WORKLOAD); 0 = unknown.',
    `pod_id_1` UInt32 COMMENT 'Pod of the server (kind POD); 0 = unknown.',
    `service_id_1` UInt32 COMMENT 'Service the server address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_1` Int32 COMMENT 'VPC of the server (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_1` UInt16 COMMENT 'Subnet of the server address (kind SUBNET); 0 = unknown.',
    `l7_request` UInt64 COMMENT 'Application requests seen (paired or not).',
    `l7_response` UInt64 COMMENT 'Application responses seen (paired or not).',
    `l7_client_error` UInt64 COMMENT 'Responses that are client errors (HTTP 4XX, DNS rcode 1 or 3).',
    `l7_server_error` UInt64 COMMENT 'Responses that are server errors (HTTP 5XX, DNS other non-zero rcode, gRPC non-zero status).',
    `l7_server_timeout` UInt64 COMMENT 'Requests that got no response (flow ended, or pushed out of the in-flight buffer).',
    `rrt_sum` UInt64 COMMENT 'Sum of the application response time (request\'s first packet to response\'s first packet) samples in the bucket, microseconds.',
    `rrt_count` UInt64 COMMENT 'Number of application response time (request\'s first packet to response\'s first packet) samples in the bucket; rrt_sum / rrt_count = the average.',
    `rrt_max` UInt32 COMMENT 'Largest application response time (request\'s first packet to response\'s first packet) sample in the bucket, microseconds (cap 1800 s HTTP, 150 s DNS); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/application_map_1s_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l7_protocol, l3_epc_id_1, is_ipv4, ip4_1, ip6_1, server_port, l3_epc_id_0, ip4_0, ip6_0, tap_side, agent_id)
TTL time + INTERVAL 1 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.application_map_1s ON CLUSTER tapflow AS flow_metrics.application_map_1s_local
ENGINE = Distributed(tapflow, flow_metrics, application_map_1s_local, rand());

-- migration flow_metrics.application_map_1m@v1: create flow_metrics.application_map_1m (io.tapflow.schema.ApplicationMapMetrics v1)
CREATE DATABASE IF NOT EXISTS flow_metrics ON CLUSTER tapflow;

CREATE TABLE IF NOT EXISTS flow_metrics.application_map_1m_local ON CLUSTER tapflow
(
    `time` DateTime COMMENT 'Start of the time bucket, seconds since the Unix epoch (UTC), a multiple of period.' CODEC(DoubleDelta, ZSTD(1)),
    `period` UInt32 COMMENT 'Bucket length in seconds: 1 (tables *_1s), 60 (*_1m), 3600 (*_1h rollups), 86400 (*_1d rollups). Constant within a table.',
    `agent_id` LowCardinality(String) COMMENT 'Capture agent that observed the traffic (the manual\'s vtap_id).',
    `tap_type` UInt16 COMMENT 'Capture point type: 3 = cloud network, other values = physical mirror ports (see L4FlowLog.tap_type).',
    `tap_port` UInt32 COMMENT 'Capture port identifier inside the agent (see L4FlowLog.tap_port).',
    `tap_side` LowCardinality(String) COMMENT 'Observation point (see L4FlowLog.tap_side): c, s, c-nd, s-nd, c-hv, s-hv, c-gw-hv, s-gw-hv, c-gw, s-gw, rest; empty = not determined.',
    `is_ipv4` UInt8 COMMENT '1 = the flow is IPv4 (read ip4_0 / ip4_1), 0 = IPv6 (read ip6_0 / ip6_1). The manual\'s flow-log table prints the opposite; its column name, its HTTP-log table and its ip4/ip6 rule say this.',
    `ip4_0` IPv4 COMMENT 'Client IPv4 address as an unsigned 32-bit number in host order (1.2.3.4 = 0x01020304 = 16909060); 0 when is_ipv4 = 0.',
    `ip4_1` IPv4 COMMENT 'Server IPv4 address as an unsigned 32-bit number (see ip4_0); 0 when is_ipv4 = 0.',
    `ip6_0` IPv6 COMMENT 'Client IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `ip6_1` IPv6 COMMENT 'Server IPv6 address, 16 bytes in network order; empty when is_ipv4 = 1 (ClickHouse stores ::).',
    `protocol` UInt8 COMMENT 'IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...; 0 = non-IP).',
    `server_port` UInt16 COMMENT 'Server port of the flows counted (0 for protocols without ports).',
    `l7_protocol` UInt8 COMMENT 'Application protocol: 0 = unknown (not parsed), 1 = other (payload seen, no parser recognised it), 20 = HTTP/1.x, 21 = HTTP/2 (including gRPC), 40 = Dubbo, 60 = MySQL, 80 = Redis, 100 = Kafka, 120 = DNS (the manual\'s v6.1 numbering: one family per 20 codes).',
    `region_id_0` UInt16 COMMENT 'Region of the client (Resource kind REGION id); 0 = unknown.',
    `az_id_0` UInt16 COMMENT 'Availability zone of the client (kind AZ); 0 = unknown.',
    `host_id_0` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the client (kind HOST); 0 = unknown.',
    `l3_device_type_0` UInt8 COMMENT 'Type of the device that owns the client address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_0` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_0` UInt16 COMMENT 'Kubernetes cluster of the client (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_0` UInt32 COMMENT 'Kubernetes node of the client (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_0` UInt16 COMMENT 'Kubernetes namespace of the client (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_0` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the client (kind WORKLOAD); 0 = unknown.',
    `pod_id_0` UInt32 COMMENT 'Pod of the client (kind POD); 0 = unknown.',
    `service_id_0` UInt32 COMMENT 'Service the client address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_0` Int32 COMMENT 'VPC of the client (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_0` UInt16 COMMENT 'Subnet of the client address (kind SUBNET); 0 = unknown.',
    `region_id_1` UInt16 COMMENT 'Region of the server (Resource kind REGION id); 0 = unknown.',
    `az_id_1` UInt16 COMMENT 'Availability zone of the server (kind AZ); 0 = unknown.',
    `host_id_1` UInt16 COMMENT 'Host (hypervisor or bare-metal server) of the server (kind HOST); 0 = unknown.',
    `l3_device_type_1` UInt8 COMMENT 'Type of the device that owns the server address: 0 = unknown (the address matched no device; IP-only), 1 = VM, 5 = virtual router/gateway, 6 = host (hypervisor), 10 = pod, 11 = pod service (cluster IP / load-balancer address of a Kubernetes service), 14 = pod node, 15 = load balancer, 16 = NAT gateway (DeepFlow\'s device-type numbering).',
    `l3_device_id_1` UInt32 COMMENT 'Id of that device (VM id for type 1, pod id for 10, ...); 0 = unknown.',
    `pod_cluster_id_1` UInt16 COMMENT 'Kubernetes cluster of the server (kind POD_CLUSTER); 0 = not in a cluster or unknown.',
    `pod_node_id_1` UInt32 COMMENT 'Kubernetes node of the server (kind POD_NODE); 0 = unknown.',
    `pod_ns_id_1` UInt16 COMMENT 'Kubernetes namespace of the server (kind POD_NAMESPACE); 0 = unknown.',
    `pod_group_id_1` UInt32 COMMENT 'Workload (Deployment, StatefulSet, DaemonSet, ...) of the server (kind WORKLOAD); 0 = unknown.',
    `pod_id_1` UInt32 COMMENT 'Pod of the server (kind POD); 0 = unknown.',
    `service_id_1` UInt32 COMMENT 'Service the server address belongs to (kind SERVICE: a Kubernetes service\'s cluster IP, or a pod selected by it); 0 = none or unknown.',
    `l3_epc_id_1` Int32 COMMENT 'VPC of the server (kind VPC). 0 = unknown (no catalog match); -2 = Internet (the address is in no VPC of the catalog); other negative values are reserved.',
    `subnet_id_1` UInt16 COMMENT 'Subnet of the server address (kind SUBNET); 0 = unknown.',
    `l7_request` UInt64 COMMENT 'Application requests seen (paired or not).',
    `l7_response` UInt64 COMMENT 'Application responses seen (paired or not).',
    `l7_client_error` UInt64 COMMENT 'Responses that are client errors (HTTP 4XX, DNS rcode 1 or 3).',
    `l7_server_error` UInt64 COMMENT 'Responses that are server errors (HTTP 5XX, DNS other non-zero rcode, gRPC non-zero status).',
    `l7_server_timeout` UInt64 COMMENT 'Requests that got no response (flow ended, or pushed out of the in-flight buffer).',
    `rrt_sum` UInt64 COMMENT 'Sum of the application response time (request\'s first packet to response\'s first packet) samples in the bucket, microseconds.',
    `rrt_count` UInt64 COMMENT 'Number of application response time (request\'s first packet to response\'s first packet) samples in the bucket; rrt_sum / rrt_count = the average.',
    `rrt_max` UInt32 COMMENT 'Largest application response time (request\'s first packet to response\'s first packet) sample in the bucket, microseconds (cap 1800 s HTTP, 150 s DNS); 0 = no sample. In a rollup: the largest of the per-second maxima.'
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/flow_metrics/application_map_1m_local', '{replica}')
PARTITION BY toYYYYMMDD(time)
ORDER BY (time, l7_protocol, l3_epc_id_1, is_ipv4, ip4_1, ip6_1, server_port, l3_epc_id_0, ip4_0, ip6_0, tap_side, agent_id)
TTL time + INTERVAL 7 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS flow_metrics.application_map_1m ON CLUSTER tapflow AS flow_metrics.application_map_1m_local
ENGINE = Distributed(tapflow, flow_metrics, application_map_1m_local, rand());

