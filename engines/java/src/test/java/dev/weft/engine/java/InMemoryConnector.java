package dev.weft.engine.java;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.KafkaSink;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.ConnectorContext;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.api.spi.SourceStatistics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A test connector over an in-memory "system" of append-only logs of strings named by topic, standing in for
 * Kafka (it claims KafkaSource and KafkaSink, STRING format: key and value columns). A log's records are split
 * round-robin over {@link #SPLITS} splits by index. Unbounded reads with a group commit the position of the records
 * returned so far after awaitDurable, and check that every committed record already reached the sink's topic.
 */
public final class InMemoryConnector implements Connector {
    static final int SPLITS = 2;
    static final Map<String, List<String>> LOGS = new ConcurrentHashMap<>();
    /** Committed positions by "group/topic/split": the index of the next record of the split's share. */
    static final Map<String, Long> COMMITTED = new ConcurrentHashMap<>();
    static final List<String> VIOLATIONS = java.util.Collections.synchronizedList(new ArrayList<>());
    static volatile String mirroredTopic = "";

    static void reset() {
        LOGS.clear();
        COMMITTED.clear();
        VIOLATIONS.clear();
        mirroredTopic = "";
    }

    static List<String> log(String topic) {
        return LOGS.computeIfAbsent(topic, t -> java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    static List<String> snapshot(String topic) {
        List<String> log = log(topic);
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public Set<Class<? extends LogicalOperator>> operators() {
        return Set.of(KafkaSource.class, KafkaSink.class);
    }

    @Override
    public Optional<SourceStatistics> statistics(SourceOperator source) {
        KafkaSource kafka = (KafkaSource) source;
        int rows = snapshot(kafka.topic().topic()).size();
        return Optional.of(new SourceStatistics(rows, rows, 1, false, OptionalDouble.empty(), Map.of()));
    }

    @Override
    public int splits(SourceOperator source, int parallelism, ConnectorContext context) {
        String topic = ((KafkaSource) source).topic().topic();
        if (!LOGS.containsKey(topic)) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "topic '%s' does not exist: create it first".formatted(topic));
        }
        return SPLITS;
    }

    @Override
    public BatchReader read(SourceOperator source, int split, int splits, ConnectorContext context) {
        KafkaSource kafka = (KafkaSource) source;
        String topic = kafka.topic().topic();
        String key = kafka.groupId() + "/" + topic + "/" + split;
        long end = kafka.unbounded() ? Long.MAX_VALUE : snapshot(topic).size();
        return new BatchReader() {
            private long next = kafka.groupId().isEmpty() ? split : COMMITTED.getOrDefault(key, (long) split);
            private boolean closed;

            @Override
            public VectorSchemaRoot next() {
                if (!kafka.groupId().isEmpty() && kafka.unbounded()) {
                    commit();
                }
                while (true) {
                    if (context.isCancelled()) {
                        return null;
                    }
                    List<String> log = snapshot(topic);
                    List<String> values = new ArrayList<>();
                    while (next < Math.min(end, log.size()) && values.size() < 3) {
                        values.add(log.get((int) next));
                        next += splits;
                    }
                    if (!values.isEmpty()) {
                        return batch(values);
                    }
                    if (next >= end) {
                        return null;
                    }
                    sleep();
                }
            }

            private VectorSchemaRoot batch(List<String> values) {
                VectorSchemaRoot batch = VectorSchemaRoot.create(source.schema(), context.allocator());
                VarCharVector keys = (VarCharVector) batch.getVector(0);
                VarCharVector vector = (VarCharVector) batch.getVector(1);
                keys.allocateNew();
                vector.allocateNew();
                for (int i = 0; i < values.size(); i++) {
                    keys.setNull(i);
                    vector.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
                }
                batch.setRowCount(values.size());
                return batch;
            }

            private void commit() {
                context.awaitDurable();
                COMMITTED.put(key, next);
                String mirror = mirroredTopic;
                if (!mirror.isEmpty()) {
                    List<String> written = snapshot(mirror);
                    List<String> read = snapshot(topic);
                    for (long i = split; i < next; i += splits) {
                        if (!written.contains(read.get((int) i))) {
                            VIOLATIONS.add("%s committed before durable".formatted(read.get((int) i)));
                        }
                    }
                }
            }

            @Override
            public void close() {
                if (closed || kafka.groupId().isEmpty()) {
                    return;
                }
                closed = true;
                try {
                    context.awaitDurable();
                    COMMITTED.put(key, next);
                } catch (WeftException e) {
                    // the stage failed: positions stay where they were
                }
            }
        };
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted");
        }
    }

    @Override
    public ConnectorSink write(SinkOperator sink, ConnectorContext context) {
        String topic = ((KafkaSink) sink).topic().topic();
        return new ConnectorSink() {
            private final List<String> pending = new ArrayList<>();

            @Override
            public void write(VectorSchemaRoot batch) {
                try (batch) {
                    VarCharVector values = (VarCharVector) batch.getVector(batch.getSchema().getFields().size() - 1);
                    synchronized (pending) {
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            pending.add(new String(values.get(i), StandardCharsets.UTF_8));
                        }
                    }
                }
            }

            @Override
            public void flush() {
                synchronized (pending) {
                    log(topic).addAll(pending);
                    pending.clear();
                }
            }

            @Override
            public void commit() {
                flush();
            }

            @Override
            public void abort() {
                synchronized (pending) {
                    pending.clear();
                }
            }

            @Override
            public void close() {}
        };
    }
}
