package io.tapflow.agent.capture;

import io.tapflow.agent.config.AgentSettings;
import io.tapflow.agent.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Chooses the interfaces to capture: those libpcap lists whose name matches the pattern, minus
 * libpcap's pseudo devices ("any", nflog, usbmon...), which would capture the same packets again.
 */
public final class InterfaceSelector {
    /** libpcap's pseudo devices on Linux: they see packets that the real interfaces already show. */
    private static final Pattern PSEUDO_DEVICES =
            Pattern.compile("any|nflog|nfqueue|dbus-.*|usbmon\\d*|bluetooth.*|bluetooth-monitor");

    private InterfaceSelector() {
    }

    /** Names of the interfaces libpcap lists here (pseudo devices excluded), sorted. */
    public static TreeSet<String> available() {
        List<PcapNetworkInterface> devices;
        try {
            devices = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new IllegalStateException("libpcap cannot list interfaces: " + e.getMessage(), e);
        }
        TreeSet<String> all = new TreeSet<>();
        for (PcapNetworkInterface d : devices) {
            if (isNetworkDevice(d.getName())) {
                all.add(d.getName());
            }
        }
        return all;
    }

    /** The available interfaces whose name matches {@code pattern} (found anywhere: anchor it), sorted. */
    public static List<String> matching(Pattern pattern, TreeSet<String> available) {
        List<String> chosen = new ArrayList<>();
        for (String name : available) {
            if (pattern.matcher(name).find()) {
                chosen.add(name);
            }
        }
        return chosen;
    }

    /**
     * The interfaces to capture at start: an error when none matches (unless {@code mayBeEmpty}, when
     * the agent will look again) or when more than {@link AgentSettings#MAX_INTERFACES} match.
     */
    public static List<String> selectAtStart(Pattern pattern, boolean mayBeEmpty) {
        TreeSet<String> all = available();
        List<String> chosen = matching(pattern, all);
        if (chosen.isEmpty() && !mayBeEmpty) {
            throw new ConfigException("capture.interfaces: no interface matches '" + pattern.pattern()
                    + "' (interfaces here: " + String.join(", ", all) + ")");
        }
        if (chosen.size() > AgentSettings.MAX_INTERFACES) {
            throw new ConfigException("capture.interfaces: '" + pattern.pattern() + "' matches " + chosen.size()
                    + " interfaces, the limit is " + AgentSettings.MAX_INTERFACES + " (" + String.join(", ", chosen)
                    + "); narrow the pattern");
        }
        return chosen;
    }

    private static boolean isNetworkDevice(String name) {
        // not /sys/class/net: it shows the mount's namespace, not the one the thread captures in
        return !PSEUDO_DEVICES.matcher(name).matches();
    }
}
