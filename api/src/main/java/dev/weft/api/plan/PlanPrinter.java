package dev.weft.api.plan;

import dev.weft.api.types.RecordSchemas;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/** Renders a plan as an indented tree from each sink down to its sources; a shared node is printed once, then referenced. */
public final class PlanPrinter {
    private PlanPrinter() {}

    public static String print(Plan plan) {
        return print(plan, operator -> "");
    }

    /** {@code annotation} adds text per operator (the engine it runs on, estimates, observed counts). */
    public static String print(Plan plan, Function<LogicalOperator, String> annotation) {
        StringBuilder out = new StringBuilder();
        Map<LogicalOperator, Boolean> printed = new IdentityHashMap<>();
        for (SinkOperator sink : plan.sinks()) {
            print(sink, "", out, printed, annotation);
        }
        return out.toString();
    }

    private static void print(LogicalOperator operator, String indent, StringBuilder out, Map<LogicalOperator, Boolean> printed,
                              Function<LogicalOperator, String> annotation) {
        out.append(indent).append(describe(operator));
        String extra = annotation.apply(operator);
        if (!extra.isEmpty()) {
            out.append("  [").append(extra).append(']');
        }
        if (printed.put(operator, Boolean.TRUE) != null) {
            out.append("  (see above)\n");
            return;
        }
        out.append('\n');
        if (operator instanceof RepeatOperator repeat) {
            out.append(indent).append("  body:\n");
            print(repeat.body().result(), indent + "    ", out, printed, annotation);
        } else if (operator instanceof DoWhileOperator doWhile) {
            out.append(indent).append("  body:\n");
            print(doWhile.body().result(), indent + "    ", out, printed, annotation);
        }
        for (LogicalOperator input : operator.inputs()) {
            print(input, indent + "  ", out, printed, annotation);
        }
    }

    /** One line: "#3 filter 'name' (l_shipdate <= '1998-09-02') -> (a bigint, ...) bounded". */
    public static String describe(LogicalOperator operator) {
        String detail = detail(operator);
        String name = operator.name().endsWith("#" + operator.id()) ? "" : " '" + operator.name() + "'";
        return "#%d %s%s%s -> %s %s".formatted(operator.id(), operator.kind(), name, detail.isEmpty() ? "" : " " + detail,
                operator instanceof SinkOperator ? "sink" : RecordSchemas.describe(operator.schema()),
                operator.output().boundedness().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String detail(LogicalOperator operator) {
        if (operator instanceof FilterOperator filter) {
            return "(" + filter.condition() + ")";
        }
        if (operator instanceof ProjectOperator project) {
            return project.expressions().toString();
        }
        if (operator instanceof AggregateOperator aggregate) {
            return "keys=%s aggregates=%s%s".formatted(aggregate.groupKeys(), aggregate.aggregates(),
                    aggregate.window().map(w -> " window=" + w).orElse(""));
        }
        if (operator instanceof JoinOperator join) {
            return "%s on %s = %s".formatted(join.joinType(), join.leftKeys(), join.rightKeys());
        }
        if (operator instanceof SortOperator sort) {
            return sort.keys().toString();
        }
        if (operator instanceof TopKOperator topK) {
            return "k=%d %s".formatted(topK.k(), topK.keys());
        }
        if (operator instanceof LimitOperator limit) {
            return "limit=" + limit.limit();
        }
        if (operator instanceof TextFileSource text) {
            return text.path();
        }
        if (operator instanceof CsvFileSource csv) {
            return csv.path();
        }
        if (operator instanceof TpchSource tpch) {
            return "%s sf=%s".formatted(tpch.table(), tpch.scaleFactor());
        }
        if (operator instanceof CollectionSource collection) {
            return collection.elements().size() + " elements";
        }
        if (operator instanceof TextFileSink text) {
            return text.path();
        }
        if (operator instanceof CsvFileSink csv) {
            return csv.path();
        }
        if (operator instanceof StageInputSource input) {
            return "channel=" + input.channel();
        }
        if (operator instanceof StageOutputSink output) {
            return "channel=%s partitions=%d".formatted(output.channel(), output.partitions());
        }
        if (operator instanceof RepeatOperator repeat) {
            return "times=" + repeat.times();
        }
        if (operator instanceof SampleOperator sample) {
            return sample.spec().fraction().isPresent() ? "fraction=" + sample.spec().fraction().getAsDouble()
                    : "size=" + sample.spec().size().getAsLong();
        }
        return "";
    }
}
