package io.tapflow.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The L4 lines of replay output grouped into flows (records sharing a flow_id), found by their 5-tuple. */
final class FlowRecords {
    private final Map<String, List<List<JsonNode>>> byTuple = new LinkedHashMap<>();

    FlowRecords(List<JsonNode> records) {
        Map<Long, List<JsonNode>> byFlow = new LinkedHashMap<>();
        for (JsonNode r : records) {
            if (!r.get("log_type").asText().equals("l4")) {
                continue;
            }
            byFlow.computeIfAbsent(r.get("flow_id").asLong(), id -> new ArrayList<>()).add(r);
        }
        for (List<JsonNode> flow : byFlow.values()) {
            JsonNode r = flow.get(0);
            boolean v4 = r.get("is_ipv4").asInt() == 1;
            String key = tuple(r.get(v4 ? "ip4_0" : "ip6_0").asText(), r.get("client_port").asInt(),
                    r.get(v4 ? "ip4_1" : "ip6_1").asText(), r.get("server_port").asInt(), r.get("protocol").asInt());
            byTuple.computeIfAbsent(key, k -> new ArrayList<>()).add(flow);
        }
    }

    static String tuple(String client, int clientPort, String server, int serverPort, int protocol) {
        return canonical(client) + ":" + clientPort + ">" + canonical(server) + ":" + serverPort + "/" + protocol;
    }

    static String canonical(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** Flows of this 5-tuple in the order they started (several after port reuse). */
    List<List<JsonNode>> flows(String tuple) {
        return byTuple.getOrDefault(tuple, List.of());
    }

    int flowCount() {
        return byTuple.values().stream().mapToInt(List::size).sum();
    }

    static long sum(List<JsonNode> flow, String field) {
        return flow.stream().mapToLong(r -> r.get(field).asLong()).sum();
    }
}
