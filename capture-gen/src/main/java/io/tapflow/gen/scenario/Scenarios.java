package io.tapflow.gen.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of scenario names: every catalog part, "all" (every part in one capture) and "mix". */
public final class Scenarios {
    private Scenarios() {}

    /** Name → one-line description, in a stable order. */
    public static Map<String, String> list() {
        Map<String, String> m = new LinkedHashMap<>(Catalog.descriptions());
        m.put("all", "every small scenario above in one capture (except vxlan-8472, which needs configuring)");
        m.put("mix", "scaled realistic mix (HTTP, DNS, VXLAN, VLAN, IPv6, ICMP, resets, long flows) of any size, "
                + "streamed: --packets N, --rate flows/s");
        m.put("bulk", "scaled long transfers (1-4 MB HTTP downloads, 10 % in VXLAN; ~2 000 packets a flow), "
                + "streamed: --packets N, --rate flows/s (default 100)");
        return m;
    }

    public static Scenario get(String name) {
        if (name.equals("mix") || name.equals("bulk")) {
            return new MixScenario(name.equals("bulk"));
        }
        if (name.equals("all")) {
            return catalog("all", list().get("all"), Catalog::all);
        }
        Catalog.Part part = Catalog.part(name);
        if (part == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", list().keySet()));
        }
        return catalog(name, list().get(name), part);
    }

    private static Scenario catalog(String name, String description, Catalog.Part part) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public ConversationSource open(ScenarioContext ctx) {
                part.build(ctx, ctx.startUs());
                return ctx.built();
            }
        };
    }
}
