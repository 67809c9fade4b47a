package io.tapflow.jobs.submit;

import java.io.IOException;

/** The cluster's REST endpoint did not answer at all (down, wrong port): distinct from a request Flink refused. */
public final class FlinkUnreachableException extends IOException {
    public FlinkUnreachableException(String baseUrl, Throwable cause) {
        super("the Flink REST API at " + baseUrl + " is not reachable (" + describe(cause)
                + "); start the cluster with ./tapflow up flink, or point to it with --flink-rest URL"
                + " or TAPFLOW_FLINK_REST_PORT", cause);
    }

    private static String describe(Throwable cause) {
        String m = cause.getMessage();
        return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
    }
}
