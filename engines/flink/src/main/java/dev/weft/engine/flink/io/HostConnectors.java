package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.Connector;
import java.util.List;
import java.util.Map;

/**
 * The connectors the engine host found with ServiceLoader in the user class loader (they reach the host through the
 * driver's class path), and the host's {@code weft.*} properties that their contexts carry.
 */
public record HostConnectors(List<Connector> connectors, Map<String, String> properties) {
    public HostConnectors {
        connectors = List.copyOf(requireNonNull(connectors, "connectors is null"));
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    public static HostConnectors load(ClassLoader classLoader, Map<String, String> properties) {
        return new HostConnectors(ConnectorOperators.load(classLoader), properties);
    }

    /** Whether a connector reads or writes this operator's kind. */
    public boolean handles(LogicalOperator operator) {
        return connectors.stream().anyMatch(connector -> connector.operators().stream()
                .anyMatch(type -> type.getName().equals(operator.getClass().getName())));
    }

    /** The connector of the operator's kind; WeftException(UNSUPPORTED_OPERATION) if none. */
    public Connector forOperator(LogicalOperator operator) {
        return ConnectorOperators.find(connectors, operator);
    }

    /**
     * Asks the connector for the splits of a source, in the host (contacts the external system); its failure names the
     * operator. The readers in the task managers get contexts of their own, so a connector resolves there again what it
     * resolved here (Kafka: the end offsets of LATEST or a timestamp, per partition).
     */
    public int splits(SourceOperator source, int parallelism, ConnectorTaskSettings settings, String stageKey) {
        refuseConsumerGroups(source);
        Connector connector = forOperator(source);
        int splits;
        try (TaskConnectorContext context = new TaskConnectorContext(source.info().describe(), "host-" + stageKey, -1, settings)) {
            splits = connector.splits(source, parallelism, context);
        } catch (RuntimeException e) {
            throw ConnectorFailures.withOperator(e, source.info().describe());
        }
        if (splits < 1) {
            throw new IllegalStateException("connector %s gave %d splits for %s; it must give at least one"
                    .formatted(connector.name(), splits, source.info().describe()));
        }
        return splits;
    }

    /**
     * A Kafka read with a consumer group commits its offsets after awaitDurable, and on Flink awaitDurable cannot see rows
     * still between operators (see {@link TaskConnectorContext}): a commit could run ahead of a later failure and lose
     * records. Until Weft uses Flink checkpoints, such reads belong on the Java engine.
     */
    private static void refuseConsumerGroups(SourceOperator source) {
        if (source instanceof KafkaSource kafka && !kafka.groupId().isBlank()) {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: a Kafka read with consumer group '%s' commits offsets only on the "
                    + "Java engine (at-least-once on Flink needs checkpoints, not available yet); pin the read to Engine.JAVA or read without a group")
                    .formatted(source.info().describe(), kafka.groupId()));
        }
    }
}
