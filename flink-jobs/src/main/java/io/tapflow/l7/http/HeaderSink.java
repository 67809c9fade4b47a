package io.tapflow.l7.http;

/** Receives decoded header fields: name {@code nb[no .. no+nl)}, value {@code vb[vo .. vo+vl)}. */
@FunctionalInterface
public interface HeaderSink {
    void header(byte[] nb, int no, int nl, byte[] vb, int vo, int vl);
}
