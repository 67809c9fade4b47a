package io.tapflow.flow;

import io.tapflow.schema.L4FlowLog;

/** Where the engine writes: flow-log records and per-second meters. */
public interface EngineOutput {
    void record(L4FlowLog record);

    void meter(FlowMeter meter);
}
