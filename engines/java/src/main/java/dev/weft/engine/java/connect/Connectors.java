package dev.weft.engine.java.connect;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.Connector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors on the classpath ({@code META-INF/services/dev.weft.api.spi.Connector}), found once: the source and
 * sink kinds the Java engine reads and writes through them (Kafka, JDBC) without depending on their modules.
 */
public final class Connectors {
    private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);
    private static final List<Connector> ALL = load();

    private Connectors() {}

    /** Every connector found, in service-file order. */
    public static List<Connector> all() {
        return ALL;
    }

    /** The operator kinds of every connector found. */
    public static Set<Class<? extends LogicalOperator>> operators() {
        Set<Class<? extends LogicalOperator>> operators = new HashSet<>();
        for (Connector connector : ALL) {
            operators.addAll(connector.operators());
        }
        return Set.copyOf(operators);
    }

    /** The first connector that reads or writes this operator's kind. */
    public static Optional<Connector> forOperator(LogicalOperator operator) {
        for (Connector connector : ALL) {
            if (connector.operators().stream().anyMatch(type -> type.isInstance(operator))) {
                return Optional.of(connector);
            }
        }
        return Optional.empty();
    }

    private static List<Connector> load() {
        List<Connector> connectors = new ArrayList<>();
        Iterator<Connector> found = ServiceLoader.load(Connector.class, Connectors.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                Connector connector = found.next();
                connectors.add(connector);
                LOG.debug("connector {} found: {}", connector.name(), connector.operators());
            } catch (ServiceConfigurationError e) {
                LOG.warn("a connector could not be loaded and is ignored: {}", e.toString());
            }
        }
        return List.copyOf(connectors);
    }
}
