package io.tapflow.it.flink.job;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job FlinkSessionClusterTest submits: doubles 1..N in parallel and writes the sum to a file
 * system path (s3:// in the test, which exercises the cluster's s3-fs-hadoop plugin).
 * Usage: {@code DoubledSumJob OUTPUT_PATH N}. Everything in this package goes into the job jar.
 */
public final class DoubledSumJob {

    private DoubledSumJob() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DoubledSumJob OUTPUT_PATH N");
        }
        Path output = new Path(args[0]);
        long n = Long.parseLong(args[1]);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, n).name("numbers")
                .map(new Doubler()).name("double")
                .sinkTo(new SumToFileSink(output)).name("sum to file").setParallelism(1);
        env.execute("tapflow-it-doubled-sum");
    }

    /** Expected content of the output file for N. */
    public static String expectedOutput(long n) {
        return Long.toString(n * (n + 1)) + "\n";
    }

    static final class Doubler implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            return value * 2;
        }
    }
}
