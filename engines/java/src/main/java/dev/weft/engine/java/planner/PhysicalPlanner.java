package dev.weft.engine.java.planner;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CallbackSink;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopInput;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SampleOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.TextFileSink;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.plan.WatermarkOperator;
import dev.weft.api.plan.ZipWithIdOperator;
import dev.weft.api.spi.Connector;
import dev.weft.engine.java.connect.Connectors;
import dev.weft.engine.java.connect.StageConnectors;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import dev.weft.engine.java.physical.AggregateNode;
import dev.weft.engine.java.physical.CallbackSinkNode;
import dev.weft.engine.java.physical.CartesianNode;
import dev.weft.engine.java.physical.CoGroupNode;
import dev.weft.engine.java.physical.CollectSinkNode;
import dev.weft.engine.java.physical.CollectionSourceNode;
import dev.weft.engine.java.physical.ConnectorSinkNode;
import dev.weft.engine.java.physical.ConnectorSourceNode;
import dev.weft.engine.java.physical.CountNode;
import dev.weft.engine.java.physical.CsvFileSourceNode;
import dev.weft.engine.java.physical.FileSinkNode;
import dev.weft.engine.java.physical.FilterNode;
import dev.weft.engine.java.physical.IntersectNode;
import dev.weft.engine.java.physical.GeneratorSourceNode;
import dev.weft.engine.java.physical.JoinNode;
import dev.weft.engine.java.physical.LambdaChainNode;
import dev.weft.engine.java.physical.LimitNode;
import dev.weft.engine.java.physical.LoopNode;
import dev.weft.engine.java.physical.MapPartitionsNode;
import dev.weft.engine.java.physical.MaterializedSourceNode;
import dev.weft.engine.java.physical.PassThroughNode;
import dev.weft.engine.java.physical.PhysicalNode;
import dev.weft.engine.java.physical.ProjectNode;
import dev.weft.engine.java.physical.ReduceByKeyNode;
import dev.weft.engine.java.physical.ReduceNode;
import dev.weft.engine.java.physical.SampleFractionNode;
import dev.weft.engine.java.physical.SampleSizeNode;
import dev.weft.engine.java.physical.SharedNode;
import dev.weft.engine.java.physical.SinkNode;
import dev.weft.engine.java.physical.SortNode;
import dev.weft.engine.java.physical.StageInputSourceNode;
import dev.weft.engine.java.physical.StageOutputSinkNode;
import dev.weft.engine.java.physical.SubPlanner;
import dev.weft.engine.java.physical.TextFileSourceNode;
import dev.weft.engine.java.physical.TopKNode;
import dev.weft.engine.java.physical.TpchSourceNode;
import dev.weft.engine.java.physical.UnionNode;
import dev.weft.engine.java.physical.ZipWithIdNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a stage's logical operators into physical ones: consecutive lambdas become one fused chain, an
 * operator read by several consumers is computed once (materialized), intersect becomes distinct + semi join.
 * Owns every operator it creates; {@link #close} releases them, last created first.
 */
public final class PhysicalPlanner implements AutoCloseable {
    private final ExecutionContext context;
    private final StageConnectors connectors;
    private final Map<LoopInput, MaterializedPartitions> loopInputs;
    private final Map<LogicalOperator, Integer> consumers = new IdentityHashMap<>();
    private final Map<LogicalOperator, PhysicalNode> planned = new IdentityHashMap<>();
    private final List<PhysicalNode> nodes = new ArrayList<>();

    private PhysicalPlanner(ExecutionContext context, StageConnectors connectors, Map<LoopInput, MaterializedPartitions> loopInputs,
                            List<? extends LogicalOperator> roots) {
        this.context = requireNonNull(context, "context is null");
        this.connectors = requireNonNull(connectors, "connectors is null");
        this.loopInputs = loopInputs;
        for (LogicalOperator operator : Plan.topologicalOrder(roots)) {
            for (LogicalOperator input : operator.inputs()) {
                consumers.merge(input, 1, Integer::sum);
            }
        }
    }

    /** A planner for a stage that ends in {@code sinks}. */
    public static PhysicalPlanner forSinks(ExecutionContext context, List<SinkOperator> sinks) {
        return forSinks(context, sinks, new StageConnectors(context, Map.of()));
    }

    /** A planner for a stage that ends in {@code sinks}, whose connector sources and sinks share {@code connectors}. */
    public static PhysicalPlanner forSinks(ExecutionContext context, List<SinkOperator> sinks, StageConnectors connectors) {
        return new PhysicalPlanner(context, connectors, new IdentityHashMap<>(), sinks);
    }

    /** The connectors of the stage. */
    public StageConnectors connectors() {
        return connectors;
    }

    public List<SinkNode> planSinks(List<SinkOperator> sinks) {
        List<SinkNode> result = new ArrayList<>();
        for (SinkOperator sink : sinks) {
            result.add((SinkNode) physical(sink));
        }
        return result;
    }

    /** Every physical operator created so far, in creation order. */
    public List<PhysicalNode> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * Plans one iteration of a loop body: a new planner whose LoopInput reads {@code input} (and which still sees the
     * inputs of enclosing loops). Loop data that a nested loop body reads is pinned: read by copy, every time.
     */
    static SubPlanner.SubPlan planBody(ExecutionContext context, StageConnectors connectors, Map<LoopInput, MaterializedPartitions> enclosing,
                                       LogicalOperator result, LoopInput start, MaterializedPartitions input) {
        Map<LoopInput, MaterializedPartitions> bindings = new IdentityHashMap<>(enclosing);
        bindings.put(start, input);
        if (readByNestedLoop(result, start)) {
            input.pin();
        }
        PhysicalPlanner planner = new PhysicalPlanner(context, connectors, bindings, List.of(result));
        try {
            PhysicalNode root = planner.physical(result);
            return new SubPlanner.SubPlan() {
                @Override
                public PhysicalNode root() {
                    return root;
                }

                @Override
                public void close() {
                    planner.close();
                }
            };
        } catch (RuntimeException e) {
            planner.close();
            throw e;
        }
    }

    /** Whether the body of a loop nested in the plan of {@code root} reads {@code start}. */
    private static boolean readByNestedLoop(LogicalOperator root, LoopInput start) {
        for (LogicalOperator operator : Plan.topologicalOrder(List.of(root))) {
            LogicalOperator body = operator instanceof RepeatOperator repeat ? repeat.body().result()
                    : operator instanceof DoWhileOperator doWhile ? doWhile.body().result() : null;
            if (body != null && (Plan.topologicalOrder(List.of(body)).contains(start) || readByNestedLoop(body, start))) {
                return true;
            }
        }
        return false;
    }

    private PhysicalNode physical(LogicalOperator operator) {
        PhysicalNode node = planned.get(operator);
        if (node != null) {
            return node;
        }
        node = translate(operator);
        int readers = consumers.getOrDefault(operator, 0);
        if (readers > 1) {
            node = register(new SharedNode(context, node, readers));
        }
        planned.put(operator, node);
        return node;
    }

    private <N extends PhysicalNode> N register(N node) {
        nodes.add(node);
        return node;
    }

    private PhysicalNode translate(LogicalOperator operator) {
        if (LambdaChainNode.isLambda(operator)) {
            return lambdaChain(operator);
        }
        if (operator instanceof CollectionSource source) {
            return register(new CollectionSourceNode(context, source));
        }
        if (operator instanceof TextFileSource source) {
            return register(TextFileSourceNode.create(context, source));
        }
        if (operator instanceof CsvFileSource source) {
            return register(new CsvFileSourceNode(context, source));
        }
        if (operator instanceof TpchSource source) {
            return register(new TpchSourceNode(context, source));
        }
        if (operator instanceof GeneratorSource source) {
            return register(new GeneratorSourceNode(context, source));
        }
        if (operator instanceof StageInputSource source) {
            return register(new StageInputSourceNode(context, source));
        }
        if (operator instanceof LoopInput start) {
            MaterializedPartitions data = loopInputs.get(start);
            if (data == null) {
                throw new WeftException(ErrorCode.INVALID_PLAN, "%s is used outside its loop body".formatted(start.info().describe()));
            }
            return register(new MaterializedSourceNode(context, start, data));
        }
        if (operator instanceof FilterOperator filter) {
            return register(new FilterNode(context, filter, physical(filter.input())));
        }
        if (operator instanceof ProjectOperator project) {
            return register(new ProjectNode(context, project, physical(project.input())));
        }
        if (operator instanceof MapPartitionsOperator mapPartitions) {
            return register(new MapPartitionsNode(context, mapPartitions, physical(mapPartitions.input())));
        }
        if (operator instanceof DistinctOperator distinct) {
            return register(AggregateNode.of(context, distinct, physical(distinct.input())));
        }
        if (operator instanceof SortOperator sort) {
            return register(new SortNode(context, sort, sort.keys(), physical(sort.input())));
        }
        if (operator instanceof LimitOperator limit) {
            return register(new LimitNode(context, limit, physical(limit.input())));
        }
        if (operator instanceof TopKOperator topK) {
            return register(new TopKNode(context, topK, physical(topK.input())));
        }
        if (operator instanceof CountOperator count) {
            return register(new CountNode(context, count, physical(count.input())));
        }
        if (operator instanceof ReduceOperator reduce) {
            return register(new ReduceNode(context, reduce, physical(reduce.input())));
        }
        if (operator instanceof AggregateOperator aggregate) {
            return register(AggregateNode.of(context, aggregate, physical(aggregate.input())));
        }
        if (operator instanceof ReduceByKeyOperator reduceByKey) {
            return register(new ReduceByKeyNode(context, reduceByKey, physical(reduceByKey.input())));
        }
        if (operator instanceof SampleOperator sample) {
            PhysicalNode input = physical(sample.input());
            return sample.spec().fraction().isPresent()
                    ? register(new SampleFractionNode(context, sample, input))
                    : register(new SampleSizeNode(context, sample, input));
        }
        if (operator instanceof ZipWithIdOperator zip) {
            return register(new ZipWithIdNode(context, zip, physical(zip.input())));
        }
        if (operator instanceof WatermarkOperator watermark) {
            return register(new PassThroughNode(context, watermark, physical(watermark.input())));
        }
        if (operator instanceof JoinOperator join) {
            return register(JoinNode.of(context, join, physical(join.left()), physical(join.right())));
        }
        if (operator instanceof CoGroupOperator coGroup) {
            return register(new CoGroupNode(context, coGroup, physical(coGroup.left()), physical(coGroup.right())));
        }
        if (operator instanceof UnionOperator union) {
            return register(new UnionNode(context, union, union.inputs().stream().map(this::physical).toList()));
        }
        if (operator instanceof IntersectOperator intersect) {
            return intersect(intersect);
        }
        if (operator instanceof CartesianOperator cartesian) {
            return register(new CartesianNode(context, cartesian, physical(cartesian.left()), physical(cartesian.right())));
        }
        if (operator instanceof RepeatOperator repeat) {
            return register(LoopNode.repeat(context, repeat, physical(repeat.input()), this::planIteration));
        }
        if (operator instanceof DoWhileOperator doWhile) {
            return register(LoopNode.doWhile(context, doWhile, physical(doWhile.input()), this::planIteration));
        }
        if (operator instanceof CollectSink sink) {
            return register(new CollectSinkNode(context, sink, physical(sink.input())));
        }
        if (operator instanceof CallbackSink sink) {
            return register(new CallbackSinkNode(context, sink, physical(sink.input())));
        }
        if (operator instanceof TextFileSink sink) {
            return register(new FileSinkNode(context, sink, physical(sink.input())));
        }
        if (operator instanceof CsvFileSink sink) {
            return register(new FileSinkNode(context, sink, physical(sink.input())));
        }
        if (operator instanceof StageOutputSink sink) {
            return register(new StageOutputSinkNode(context, sink, physical(sink.input())));
        }
        Optional<Connector> connector = Connectors.forOperator(operator);
        if (connector.isPresent() && operator instanceof SourceOperator source) {
            return register(ConnectorSourceNode.create(context, source, connector.get(), connectors));
        }
        if (connector.isPresent() && operator instanceof SinkOperator sink) {
            return register(new ConnectorSinkNode(context, sink, connector.get(), connectors, physical(sink.inputs().get(0))));
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, "%s: the Java engine cannot run a %s operator"
                .formatted(operator.info().describe(), operator.kind()));
    }

    private SubPlanner.SubPlan planIteration(LogicalOperator result, LoopInput start, MaterializedPartitions input) {
        return planBody(context, connectors, loopInputs, result, start, input);
    }

    /** The longest run of lambda operators ending at {@code last} whose inner operators have no other reader. */
    private PhysicalNode lambdaChain(LogicalOperator last) {
        Deque<LogicalOperator> chain = new ArrayDeque<>();
        chain.addFirst(last);
        LogicalOperator input = last.inputs().get(0);
        while (LambdaChainNode.isLambda(input) && consumers.getOrDefault(input, 0) == 1 && !planned.containsKey(input)) {
            chain.addFirst(input);
            input = input.inputs().get(0);
        }
        return register(new LambdaChainNode(context, new ArrayList<>(chain), physical(input)));
    }

    /** Distinct rows present in both inputs: a tagged union of both, aggregated on all columns. */
    private PhysicalNode intersect(IntersectOperator intersect) {
        PhysicalNode left = physical(intersect.left());
        PhysicalNode right = physical(intersect.right());
        return register(IntersectNode.of(context, intersect, left, right, this::register));
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        nodes.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
