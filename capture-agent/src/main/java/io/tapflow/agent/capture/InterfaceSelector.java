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

    /** Matching interface names, sorted (so tap_port numbers are stable across restarts). */
    public static List<String> select(Pattern pattern) {
        List<PcapNetworkInterface> devices;
        try {
            devices = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new IllegalStateException("libpcap cannot list interfaces: " + e.getMessage(), e);
        }
        TreeSet<String> all = new TreeSet<>();
        TreeSet<String> chosen = new TreeSet<>();
        for (PcapNetworkInterface d : devices) {
            String name = d.getName();
            if (!isNetworkDevice(name)) {
                continue;
            }
            all.add(name);
            if (pattern.matcher(name).find()) {
                chosen.add(name);
            }
        }
        if (chosen.isEmpty()) {
            throw new ConfigException("capture.interfaces: no interface matches '" + pattern.pattern()
                    + "' (interfaces here: " + String.join(", ", all) + ")");
        }
        if (chosen.size() > AgentSettings.MAX_INTERFACES) {
            throw new ConfigException("capture.interfaces: '" + pattern.pattern() + "' matches " + chosen.size()
                    + " interfaces, the limit is " + AgentSettings.MAX_INTERFACES + " (" + String.join(", ", chosen)
                    + "); narrow the pattern");
        }
        return new ArrayList<>(chosen);
    }

    private static boolean isNetworkDevice(String name) {
        // not /sys/class/net: it shows the mount's namespace, not the one the thread captures in
        return !PSEUDO_DEVICES.matcher(name).matches();
    }
}
