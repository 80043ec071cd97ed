package dev.weft.api.plan;

import dev.weft.api.CallSite;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A node of the logical plan: an immutable record, whose inputs are other nodes (the plan is a DAG: a node used
 * twice is the same object). Engines translate these; the optimizer places them.
 */
public sealed interface LogicalOperator
        permits SourceOperator, SinkOperator, MapOperator, FlatMapOperator, FilterOperator, ProjectOperator,
                MapPartitionsOperator, DistinctOperator, SortOperator, LimitOperator, TopKOperator, CountOperator,
                ReduceOperator, AggregateOperator, ReduceByKeyOperator, SampleOperator, ZipWithIdOperator,
                WatermarkOperator, JoinOperator, CoGroupOperator, UnionOperator, IntersectOperator,
                CartesianOperator, RepeatOperator, DoWhileOperator {

    OperatorInfo info();

    /** The output edge (for a sink: its input edge). */
    EdgeProperties output();

    List<LogicalOperator> inputs();

    /** A copy with other inputs (same count, same order). */
    LogicalOperator withInputs(List<LogicalOperator> inputs);

    default int id() {
        return info().id();
    }

    default String name() {
        return info().name();
    }

    default CallSite callSite() {
        return info().callSite();
    }

    default Schema schema() {
        return output().schema();
    }

    /** The operator kind: "filter", "join", "csv-source" ... derived from the record name. */
    default String kind() {
        String simple = getClass().getSimpleName().replace("Operator", "");
        return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static void checkArity(List<LogicalOperator> inputs, int expected, LogicalOperator operator) {
        if (inputs.size() != expected) {
            throw new IllegalArgumentException("%s takes %d inputs, got %d".formatted(operator.kind(), expected, inputs.size()));
        }
    }
}
