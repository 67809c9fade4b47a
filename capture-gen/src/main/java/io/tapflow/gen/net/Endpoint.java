package io.tapflow.gen.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** One side of a conversation: IP address (4 or 16 bytes), port and MAC address. */
public final class Endpoint {
    private final byte[] ip;
    private final int port;
    private final long mac;

    public Endpoint(byte[] ip, int port, long mac) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + ip.length);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.ip = ip.clone();
        this.port = port;
        this.mac = mac & 0xFFFF_FFFF_FFFFL;
    }

    /** Parses a literal address ("10.0.0.1", "fd00::1"); the MAC is derived from the address. */
    public static Endpoint of(String address, int port) {
        byte[] ip = parse(address);
        return new Endpoint(ip, port, macFor(ip));
    }

    public static byte[] parse(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + address, e);
        }
    }

    /** A locally administered unicast MAC derived from the address (02:xx:...). */
    public static long macFor(byte[] ip) {
        long h = Arrays.hashCode(ip) & 0xFFFF_FFFFL;
        return 0x0200_0000_0000L | (h << 8) | (ip[ip.length - 1] & 0xFF);
    }

    public Endpoint withPort(int newPort) {
        return new Endpoint(ip, newPort, mac);
    }

    public byte[] ip() { return ip.clone(); }
    /** The address without copying; callers must not modify it. */
    public byte[] ipView() { return ip; }
    public boolean isIpv6() { return ip.length == 16; }
    public int port() { return port; }
    public long mac() { return mac; }

    public String address() {
        try {
            return InetAddress.getByAddress(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return (isIpv6() ? "[" + address() + "]" : address()) + ":" + port;
    }
}
