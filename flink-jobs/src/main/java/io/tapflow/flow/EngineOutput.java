package io.tapflow.flow;

import io.tapflow.schema.L4FlowLog;
import io.tapflow.schema.L7FlowLog;

/** Where the engine writes: flow-log records, per-second meters and L7 records. */
public interface EngineOutput {
    void record(L4FlowLog record);

    void meter(FlowMeter meter);

    /** An application request/response record (HTTP, DNS, gRPC, ...), identified like its flow. */
    void l7(L7FlowLog record);
}
