package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Cuts a plan into stages at chosen edges: the producer side of a cut edge ends in a {@link StageOutputSink}, the
 * consumer side starts with a {@link StageInputSource} of the same channel, and each connected part becomes a
 * {@link Stage}. Operators inside loop bodies are never cut (a body runs whole, on one engine).
 */
public final class StageSplitter {
    private final BiPredicate<LogicalOperator, LogicalOperator> cut;
    private final int partitions;
    private final Map<LogicalOperator, LogicalOperator> rewritten = new IdentityHashMap<>();
    private final Map<LogicalOperator, StageInputSource> inputs = new IdentityHashMap<>();
    private final Map<String, StageOutputSink> outputs = new LinkedHashMap<>();
    private int nextId;

    private StageSplitter(BiPredicate<LogicalOperator, LogicalOperator> cut, int partitions, int firstId) {
        this.cut = cut;
        this.partitions = partitions;
        this.nextId = firstId;
    }

    /**
     * Splits {@code plan}, cutting the edge from {@code producer} to {@code consumer} where {@code cut.test(producer,
     * consumer)}; every stage output has {@code partitions} partitions. Returns the stages in an order where every
     * stage comes after the stages whose outputs it reads; stage ids are {@code prefix + "/stage-" + n}.
     */
    public static List<Stage> split(Plan plan, String prefix, int partitions, BiPredicate<LogicalOperator, LogicalOperator> cut) {
        requireNonNull(plan, "plan is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(cut, "cut is null");
        int maxId = plan.operators().stream().mapToInt(LogicalOperator::id).max().orElse(0);
        StageSplitter splitter = new StageSplitter(cut, partitions, maxId + 1);
        List<SinkOperator> sinks = new ArrayList<>();
        for (SinkOperator sink : plan.sinks()) {
            sinks.add((SinkOperator) splitter.rewrite(sink));
        }
        sinks.addAll(splitter.outputs.values());
        return splitter.group(sinks, prefix);
    }

    /** Cuts at the inputs of every operator that exchanges data by key or needs its whole input (aggregate, join, sort ...). */
    public static boolean beforeExchange(LogicalOperator producer, LogicalOperator consumer) {
        if (!producer.output().bounded() || producer instanceof StageInputSource || producer instanceof LoopInput) {
            return false;
        }
        return consumer instanceof AggregateOperator || consumer instanceof ReduceByKeyOperator || consumer instanceof JoinOperator
                || consumer instanceof CoGroupOperator || consumer instanceof SortOperator || consumer instanceof TopKOperator
                || consumer instanceof DistinctOperator || consumer instanceof IntersectOperator || consumer instanceof CartesianOperator
                || consumer instanceof ReduceOperator || consumer instanceof CountOperator;
    }

    private LogicalOperator rewrite(LogicalOperator operator) {
        LogicalOperator done = rewritten.get(operator);
        if (done != null) {
            return done;
        }
        List<LogicalOperator> newInputs = new ArrayList<>(operator.inputs().size());
        boolean changed = false;
        for (LogicalOperator input : operator.inputs()) {
            LogicalOperator newInput = cut.test(input, operator) ? stageInput(input) : rewrite(input);
            changed |= newInput != input;
            newInputs.add(newInput);
        }
        LogicalOperator result = changed ? operator.withInputs(newInputs) : operator;
        rewritten.put(operator, result);
        return result;
    }

    private StageInputSource stageInput(LogicalOperator producer) {
        StageInputSource existing = inputs.get(producer);
        if (existing != null) {
            return existing;
        }
        LogicalOperator upstream = rewrite(producer);
        String channel = "op-" + producer.id();
        StageOutputSink sink = new StageOutputSink(new OperatorInfo(nextId++, "stage-output#" + producer.id(), producer.callSite()),
                producer.output(), upstream, channel, partitions);
        StageInputSource source = new StageInputSource(new OperatorInfo(nextId++, "stage-input#" + producer.id(), producer.callSite()),
                producer.output(), channel);
        outputs.put(channel, sink);
        inputs.put(producer, source);
        return source;
    }

    /** Groups sinks into connected parts (not crossing stage inputs) and orders the parts producers first. */
    private List<Stage> group(List<SinkOperator> sinks, String prefix) {
        Map<LogicalOperator, Integer> part = new IdentityHashMap<>();
        List<List<SinkOperator>> parts = new ArrayList<>();
        for (SinkOperator sink : sinks) {
            List<LogicalOperator> reachable = Plan.topologicalOrder(List.of(sink));
            Integer found = null;
            for (LogicalOperator operator : reachable) {
                Integer owner = part.get(operator);
                if (owner != null && !(operator instanceof StageInputSource)) {
                    found = found == null ? owner : merge(parts, part, found, owner);
                }
            }
            if (found == null) {
                found = parts.size();
                parts.add(new ArrayList<>());
            }
            parts.get(found).add(sink);
            for (LogicalOperator operator : reachable) {
                if (!(operator instanceof StageInputSource)) {
                    part.put(operator, found);
                }
            }
        }
        Map<String, Integer> producerOf = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            for (SinkOperator sink : parts.get(i)) {
                if (sink instanceof StageOutputSink output) {
                    producerOf.put(output.channel(), i);
                }
            }
        }
        List<Stage> ordered = new ArrayList<>();
        boolean[] placed = new boolean[parts.size()];
        while (ordered.size() < countNonEmpty(parts)) {
            for (int i = 0; i < parts.size(); i++) {
                if (placed[i] || parts.get(i).isEmpty() || !ready(parts.get(i), producerOf, placed)) {
                    continue;
                }
                placed[i] = true;
                ordered.add(new Stage(prefix + "/stage-" + (ordered.size() + 1), parts.get(i)));
            }
        }
        return ordered;
    }

    private static int merge(List<List<SinkOperator>> parts, Map<LogicalOperator, Integer> part, int keep, int drop) {
        if (keep == drop) {
            return keep;
        }
        parts.get(keep).addAll(parts.get(drop));
        parts.get(drop).clear();
        part.replaceAll((operator, owner) -> owner == drop ? keep : owner);
        return keep;
    }

    private static int countNonEmpty(List<List<SinkOperator>> parts) {
        return (int) parts.stream().filter(p -> !p.isEmpty()).count();
    }

    private static boolean ready(List<SinkOperator> sinks, Map<String, Integer> producerOf, boolean[] placed) {
        for (LogicalOperator operator : Plan.topologicalOrder(sinks)) {
            if (operator instanceof StageInputSource input) {
                Integer producer = producerOf.get(input.channel());
                if (producer != null && !placed[producer]) {
                    return false;
                }
            }
        }
        return true;
    }
}
