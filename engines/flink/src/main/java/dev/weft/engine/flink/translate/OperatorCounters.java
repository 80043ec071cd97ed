package dev.weft.engine.flink.translate;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Output row counts of a translated Weft operator, as a Flink accumulator named {@code weft-rows-<operator id>}: summed
 * over subtasks by Flink, handed to {@code HostStage.addMetrics} by the runner when the job ends.
 */
final class OperatorCounters {
    static final String PREFIX = "weft-rows-";

    private final LongCounter rows;

    private OperatorCounters(LongCounter rows) {
        this.rows = rows;
    }

    static String name(int operatorId) {
        return PREFIX + operatorId;
    }

    static OperatorCounters register(RuntimeContext context, String name) {
        LongCounter counter = new LongCounter();
        context.addAccumulator(name, counter);
        return new OperatorCounters(counter);
    }

    void add(long count) {
        rows.add(count);
    }
}
