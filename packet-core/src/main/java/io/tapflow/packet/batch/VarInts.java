package io.tapflow.packet.batch;

/**
 * Unsigned LEB128 varints, the packing of the per-packet columns of {@code PacketBatch}.
 * Small values (deltas, lengths, windows) take one or two bytes, which is most of them.
 */
public final class VarInts {
    /** Longest encoding of a 64-bit value. */
    public static final int MAX_LENGTH = 10;

    private VarInts() {}

    /** Writes {@code value} (treated as unsigned) at {@code pos}; returns the position after it. */
    public static int write(byte[] buf, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    /** Number of bytes {@link #write} uses for {@code value}. */
    public static int length(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}
