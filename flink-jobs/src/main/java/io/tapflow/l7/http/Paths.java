package io.tapflow.l7.http;

/** Cutting a request path to its first segments (the manual's {@code http_endpoint.keep_segments}). */
public final class Paths {
    private Paths() {}

    /**
     * End of the first {@code segments} segments of the path {@code b[from .. to)}: "/a/b/c/d" with 3
     * is "/a/b/c". 0 keeps everything.
     */
    public static int segmentsEnd(byte[] b, int from, int to, int segments) {
        if (segments <= 0) {
            return to;
        }
        int seen = 0;
        int i = from;
        if (i < to && b[i] == '/') {
            i++;
        }
        for (; i < to; i++) {
            if (b[i] == '/' && ++seen == segments) {
                return i;
            }
        }
        return to;
    }
}
