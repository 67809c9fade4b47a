package io.tapflow.agent.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.tapflow.packet.pcap.CapturedFrame;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import org.pcap4j.core.PcapHandle;
import sun.misc.Unsafe;

/**
 * Reads packets from a handle that pcap4j opened and configured, with libpcap's
 * {@code pcap_next_ex} called directly: no JNA callback, no {@code Timestamp}, no boxing, no array
 * per packet (the bytes are copied into one reused buffer).
 *
 * <p>Why: pcap4j's own per-packet path (a JNA callback that builds a {@code byte[]}, a
 * {@code Timestamp}, a {@code Runnable} and boxed lengths for every packet) costs about 1.2 µs per
 * packet here, more than the agent's whole decode and batching. pcap4j still does everything else:
 * finding and opening interfaces, snap length, promiscuous mode, buffer, timeout, BPF filter,
 * statistics, break-loop and close. Where this reader cannot work (not a 64-bit little-endian Linux or
 * macOS, or pcap4j's handle field not found) {@link #available} is false and the agent uses pcap4j's
 * listener path.
 */
final class DirectPcapReader {
    /** pcap_next_ex's results. */
    static final int PACKET = 1;
    static final int TIMEOUT = 0;
    static final int ERROR = -1;
    /** pcap_breakloop was called (live), or the end of the file (offline handle). */
    static final int BREAK_OR_END = -2;

    private static final Unsafe UNSAFE;
    private static final long BYTE_ARRAY_BASE;
    private static final Field HANDLE_POINTER;
    private static final String UNAVAILABLE_BECAUSE;

    static {
        Unsafe unsafe = null;
        Field handleField = null;
        String reason = null;
        try {
            if (!(Platform.isLinux() || Platform.isMac()) || Native.LONG_SIZE != 8
                    || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new IllegalStateException("struct pcap_pkthdr layout not known for " + System.getProperty("os.name")
                        + "/" + System.getProperty("os.arch"));
            }
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = (Unsafe) f.get(null);
            handleField = PcapHandle.class.getDeclaredField("handle");
            handleField.setAccessible(true);
            Native.register(DirectPcapReader.class, NativeLibrary.getInstance(Platform.isWindows() ? "wpcap" : "pcap"));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            reason = e.toString();
        }
        UNSAFE = unsafe;
        BYTE_ARRAY_BASE = unsafe == null ? 0 : Unsafe.ARRAY_BYTE_BASE_OFFSET;
        HANDLE_POINTER = handleField;
        UNAVAILABLE_BECAUSE = reason;
    }

    private static native int pcap_next_ex(long pcap, long headerOut, long dataOut);

    private static native Pointer pcap_geterr(long pcap);

    private final long pcap;
    /** Two out-parameters of pcap_next_ex: struct pcap_pkthdr * and const u_char *. */
    private final long outParams;
    private final byte[] buffer;

    DirectPcapReader(PcapHandle handle, int snaplen) {
        if (!available()) {
            throw new IllegalStateException("direct libpcap reading unavailable: " + UNAVAILABLE_BECAUSE);
        }
        try {
            this.pcap = Pointer.nativeValue((Pointer) HANDLE_POINTER.get(handle));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        this.outParams = UNSAFE.allocateMemory(16);
        // libpcap never returns more than the snap length (262144 at most)
        this.buffer = new byte[Math.max(snaplen, 65_535)];
    }

    /** True when this platform and pcap4j version allow direct reading. */
    static boolean available() {
        return UNAVAILABLE_BECAUSE == null;
    }

    /** Why direct reading is unavailable, or null. */
    static String unavailableBecause() {
        return UNAVAILABLE_BECAUSE;
    }

    /**
     * Reads the next packet into {@code frame} (a view of this reader's buffer, valid until the next
     * call); returns {@link #PACKET}, {@link #TIMEOUT}, {@link #BREAK_OR_END} or {@link #ERROR}.
     */
    int next(CapturedFrame frame, int linkType) {
        int r = pcap_next_ex(pcap, outParams, outParams + 8);
        if (r != PACKET) {
            return r;
        }
        long header = UNSAFE.getLong(outParams);
        long data = UNSAFE.getLong(outParams + 8);
        // struct pcap_pkthdr { struct timeval ts; bpf_u_int32 caplen; bpf_u_int32 len; }: 24 bytes on
        // LP64; tv_usec is read as 32 bits, which is right for Linux (long) and macOS (int) alike
        long seconds = UNSAFE.getLong(header);
        int micros = UNSAFE.getInt(header + 8);
        int caplen = Math.min(UNSAFE.getInt(header + 16), buffer.length);
        int len = UNSAFE.getInt(header + 20);
        UNSAFE.copyMemory(null, data, buffer, BYTE_ARRAY_BASE, caplen);
        frame.set(buffer, 0, caplen, len, seconds * 1_000_000L + micros, linkType, 0, 0);
        return PACKET;
    }

    /** libpcap's message for the last error. */
    String lastError() {
        Pointer p = pcap_geterr(pcap);
        return p == null ? "unknown libpcap error" : p.getString(0);
    }

    /** Frees the out-parameters (the handle itself is closed through pcap4j). */
    void release() {
        UNSAFE.freeMemory(outParams);
    }
}
