package dev.weft.engine.java.physical;

import dev.weft.api.WeftException;
import dev.weft.api.function.Emitter;
import dev.weft.api.function.FilterFunction;
import dev.weft.api.function.FlatMapFunction;
import dev.weft.api.function.MapFunction;
import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import dev.weft.channels.RowEncoder;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.engine.java.exec.UserFunctions;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Consecutive lambda operators (filter, map, flatMap) fused row at a time: each input row is decoded once, runs
 * through the whole chain of lambdas as a Java object, and what comes out is encoded once into output batches of
 * the target size. No intermediate batch exists between the lambdas.
 *
 * <p>Metrics: rows per operator; the chain's time and output bytes are reported on its last operator.
 */
public final class LambdaChainNode extends PhysicalNode {
    private final PhysicalNode input;
    private final List<LogicalOperator> operators;
    private final ElementType<Object> inputType;
    private final ElementType<Object> outputType;

    @SuppressWarnings("unchecked")
    public LambdaChainNode(ExecutionContext context, List<LogicalOperator> operators, PhysicalNode input) {
        super(context, operators.get(operators.size() - 1), operators.get(operators.size() - 1).schema(), input.partitionCount(),
                List.of(input));
        for (LogicalOperator operator : operators) {
            if (!isLambda(operator)) {
                throw new IllegalArgumentException("not a row-at-a-time lambda operator: " + operator.kind());
            }
        }
        this.input = input;
        this.operators = List.copyOf(operators);
        this.inputType = (ElementType<Object>) operators.get(0).inputs().get(0).output().elementType();
        this.outputType = (ElementType<Object>) operators.get(operators.size() - 1).output().elementType();
    }

    /** Whether the operator runs a lambda row at a time and can join a fused chain. */
    public static boolean isLambda(LogicalOperator operator) {
        return operator instanceof MapOperator || operator instanceof FlatMapOperator
                || operator instanceof FilterOperator filter && filter.condition() instanceof FilterCondition.Lambda;
    }

    public List<LogicalOperator> operators() {
        return operators;
    }

    /** The element type the chain produces. */
    public ElementType<Object> outputType() {
        return outputType;
    }

    @Override
    public void execute(int partition, BatchSink out) {
        try (ChainSink sink = new ChainSink(out, null, null)) {
            input.execute(partition, sink);
        }
    }

    /**
     * Runs a partition through the chain and hands the resulting Java objects to {@code elements} instead of
     * encoding them (for a consumer fused into the same task that works on objects); {@code atEnd} runs when the
     * partition is complete.
     */
    public void executeElements(int partition, Consumer<Object> elements, Runnable atEnd) {
        try (ChainSink sink = new ChainSink(null, elements, atEnd)) {
            input.execute(partition, sink);
        }
    }

    /** One partition's chain: decoder, steps, then an encoder or an object consumer. */
    private final class ChainSink implements BatchSink, AutoCloseable {
        private final BatchSink out;
        private final Runnable atEnd;
        private final RowDecoder<Object> decoder = RowDecoder.create(inputType);
        private final RowEncoder<Object> encoder;
        private final Step[] steps;
        private final Step first;
        private final int batchSize = context.batchSize();
        private boolean stopped;
        private long nanos;

        ChainSink(BatchSink out, Consumer<Object> elements, Runnable atEnd) {
            this.out = out;
            this.atEnd = atEnd;
            this.encoder = out == null ? null : RowEncoder.create(outputType, context.allocator());
            this.steps = new Step[operators.size() + 1];
            steps[operators.size()] = out == null ? new ConsumerStep(elements) : new EncodeStep(this);
            for (int i = operators.size() - 1; i >= 0; i--) {
                steps[i] = step(operators.get(i), steps[i + 1]);
            }
            this.first = steps[0];
        }

        @Override
        public boolean accept(VectorSchemaRoot batch) {
            long start = System.nanoTime();
            try (batch) {
                decoder.bind(batch);
                int rows = batch.getRowCount();
                for (int row = 0; row < rows && !stopped; row++) {
                    first.process(decoder.get(row));
                }
                if (out != null && !stopped && context.streaming()) {
                    flush(); // a stream's batch reaches the sinks before the source reads on (ConnectorContext.awaitDurable)
                }
            } finally {
                nanos += System.nanoTime() - start;
            }
            return !stopped;
        }

        @Override
        public void finish() {
            if (out == null) {
                reportMetrics();
                atEnd.run();
                return;
            }
            if (!stopped) {
                flush();
            }
            reportMetrics();
            out.finish();
        }

        void flush() {
            if (encoder.rowCount() == 0) {
                return;
            }
            VectorSchemaRoot batch = encoder.finish();
            recordOutput(batch);
            if (!out.accept(batch)) {
                stopped = true;
            }
        }

        void encode(Object element) {
            if (stopped) {
                return;
            }
            try {
                encoder.append(element);
            } catch (WeftException e) {
                throw Failures.withOperator(e, operators.get(operators.size() - 1).info().describe());
            }
            if (encoder.rowCount() >= batchSize) {
                flush();
            }
        }

        private void reportMetrics() {
            // the last operator's rows are counted on the batches it outputs, unless it hands over objects
            int stepsCounted = out == null ? operators.size() : operators.size() - 1;
            for (int i = 0; i < stepsCounted; i++) {
                context.metrics(operators.get(i)).addRows(steps[i].rowsOut);
            }
            metrics.addNanos(nanos);
        }

        @Override
        public void close() {
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Step step(LogicalOperator operator, Step next) {
        if (operator instanceof MapOperator map) {
            return new MapStep(map, (MapFunction<Object, Object>) map.function().function(), next);
        }
        if (operator instanceof FlatMapOperator flatMap) {
            return new FlatMapStep(flatMap, (FlatMapFunction<Object, Object>) flatMap.function().function(), next);
        }
        FilterOperator filter = (FilterOperator) operator;
        FilterCondition.Lambda lambda = (FilterCondition.Lambda) filter.condition();
        return new FilterStep(filter, (FilterFunction<Object>) lambda.function().function(), next);
    }

    /** One element-at-a-time stage of the chain. */
    private abstract static class Step {
        long rowsOut;

        abstract void process(Object element);
    }

    private static final class FilterStep extends Step {
        private final LogicalOperator operator;
        private final FilterFunction<Object> function;
        private final Step next;

        FilterStep(LogicalOperator operator, FilterFunction<Object> function, Step next) {
            this.operator = operator;
            this.function = function;
            this.next = next;
        }

        @Override
        void process(Object element) {
            boolean keep;
            try {
                keep = function.test(element);
            } catch (Exception e) {
                throw UserFunctions.failed(operator, element, e);
            }
            if (keep) {
                rowsOut++;
                next.process(element);
            }
        }
    }

    private static final class MapStep extends Step {
        private final LogicalOperator operator;
        private final MapFunction<Object, Object> function;
        private final Class<?> outputClass;
        private final Step next;

        MapStep(LogicalOperator operator, MapFunction<Object, Object> function, Step next) {
            this.operator = operator;
            this.function = function;
            this.outputClass = operator.output().elementType().javaClass();
            this.next = next;
        }

        @Override
        void process(Object element) {
            Object result;
            try {
                result = function.map(element);
            } catch (Exception e) {
                throw UserFunctions.failed(operator, element, e);
            }
            if (result != null && !outputClass.isInstance(result)) {
                throw UserFunctions.wrongType(operator, outputClass, result);
            }
            rowsOut++;
            next.process(result);
        }
    }

    private static final class FlatMapStep extends Step implements Emitter<Object> {
        private final LogicalOperator operator;
        private final FlatMapFunction<Object, Object> function;
        private final Class<?> outputClass;
        private final Step next;

        FlatMapStep(LogicalOperator operator, FlatMapFunction<Object, Object> function, Step next) {
            this.operator = operator;
            this.function = function;
            this.outputClass = operator.output().elementType().javaClass();
            this.next = next;
        }

        @Override
        void process(Object element) {
            try {
                function.flatMap(element, this);
            } catch (DownstreamFailure e) {
                throw e.failure;
            } catch (Exception e) {
                throw UserFunctions.failed(operator, element, e);
            }
        }

        @Override
        public void emit(Object value) {
            if (value != null && !outputClass.isInstance(value)) {
                throw new DownstreamFailure(UserFunctions.wrongType(operator, outputClass, value));
            }
            rowsOut++;
            try {
                next.process(value);
            } catch (RuntimeException e) {
                throw new DownstreamFailure(e);
            }
        }
    }

    private static final class EncodeStep extends Step {
        private final ChainSink sink;

        EncodeStep(ChainSink sink) {
            this.sink = sink;
        }

        @Override
        void process(Object element) {
            sink.encode(element);
        }
    }

    private static final class ConsumerStep extends Step {
        private final Consumer<Object> consumer;

        ConsumerStep(Consumer<Object> consumer) {
            this.consumer = consumer;
        }

        @Override
        void process(Object element) {
            consumer.accept(element);
        }
    }

    /** Carries a failure of the operators after a flatMap through the user's flatMap code, unchanged. */
    private static final class DownstreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RuntimeException failure;

        DownstreamFailure(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }
}
