package dev.weft.api.spi;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes an external system (Kafka, a database) for engines that run sources and sinks of kinds they do not
 * know themselves, as Flink's connectors do. Found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.weft.api.spi.Connector}. An engine that finds a connector declares its operator kinds
 * in its capabilities. Implementations are thread-safe and hold no connection between calls.
 */
public interface Connector {
    /** "kafka", "jdbc": for messages. */
    String name();

    /** The source and sink kinds it reads and writes. */
    Set<Class<? extends LogicalOperator>> operators();

    /** What it knows of a source's size before the job runs (topic offsets, table statistics); empty if nothing. */
    default Optional<SourceStatistics> statistics(SourceOperator source) {
        return Optional.empty();
    }

    /**
     * The number of independent parts of a source (a Kafka partition, one for a database query), at most about
     * {@code parallelism} where the connector can choose. Contacts the system; fails with a clear WeftException when it
     * is unreachable or the relation is missing.
     */
    int splits(SourceOperator source, int parallelism, ConnectorContext context);

    /** Opens split {@code split} (0 ≤ split &lt; splits) of a source. Called once per split per stage run. */
    BatchReader read(SourceOperator source, int split, int splits, ConnectorContext context);

    /** Opens a sink; the stage writes to it from any number of threads, then commits it once or aborts it. */
    ConnectorSink write(SinkOperator sink, ConnectorContext context);
}
