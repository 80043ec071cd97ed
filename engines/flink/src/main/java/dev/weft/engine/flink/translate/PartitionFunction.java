package dev.weft.engine.flink.translate;

import java.io.Serializable;
import org.apache.flink.util.Collector;

/** What runs once over one subtask's whole input (see {@link WholePartitionOperator}). */
@FunctionalInterface
interface PartitionFunction<IN, OUT> extends Serializable {
    void apply(int subtask, Iterable<IN> rows, Collector<OUT> out) throws Exception;
}
