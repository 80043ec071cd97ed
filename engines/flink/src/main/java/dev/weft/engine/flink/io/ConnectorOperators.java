package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.Stage;
import dev.weft.host.codec.StageCodec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connector sources and sinks on their way to the task managers: operators are records that are not Serializable, so
 * they travel encoded by {@link StageCodec} (a sink without its input: a placeholder stands in for it), and the
 * connector is found again there with {@link ServiceLoader} in the user class loader.
 */
public final class ConnectorOperators {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorOperators.class);
    private static final String PLACEHOLDER = "$connector-input";

    private ConnectorOperators() {}

    /** Every connector {@code classLoader} finds ({@code META-INF/services/dev.weft.api.spi.Connector}). */
    public static List<Connector> load(ClassLoader classLoader) {
        requireNonNull(classLoader, "classLoader is null");
        List<Connector> connectors = new ArrayList<>();
        Iterator<Connector> found = ServiceLoader.load(Connector.class, classLoader).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                connectors.add(found.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("a connector could not be loaded and is ignored: {}", e.toString());
            }
        }
        return List.copyOf(connectors);
    }

    /** The connector that reads or writes this operator's kind (by the name of its class, so in any class loader). */
    public static Connector find(List<Connector> connectors, LogicalOperator operator) {
        for (Connector connector : connectors) {
            if (connector.operators().stream().anyMatch(type -> type.getName().equals(operator.getClass().getName()))) {
                return connector;
            }
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: no connector for %s operators on the Flink engine host's class path; "
                + "put the connector's module (weft-engine-kafka, weft-engine-jdbc) on the driver's class path")
                .formatted(operator.info().describe(), operator.kind()));
    }

    /** The source as bytes for the task managers. */
    public static byte[] encode(SourceOperator source) {
        return StageCodec.encode(new Stage("connector-source", List.of(new CollectSink(source.info(), source.output(), source))));
    }

    /** The sink, its input replaced by a placeholder of the same edge, as bytes for the task managers. */
    public static byte[] encode(SinkOperator sink) {
        LogicalOperator input = sink.inputs().get(0);
        SinkOperator alone = (SinkOperator) sink.withInputs(List.of(new StageInputSource(input.info(), input.output(), PLACEHOLDER)));
        return StageCodec.encode(new Stage("connector-sink", List.of(alone)));
    }

    /** A source encoded by {@link #encode(SourceOperator)}, with the classes of {@code classLoader}. */
    public static SourceOperator decodeSource(byte[] bytes, ClassLoader classLoader) {
        return (SourceOperator) StageCodec.decode(bytes, classLoader).sinks().get(0).inputs().get(0);
    }

    /** A sink encoded by {@link #encode(SinkOperator)}, with the classes of {@code classLoader}. */
    public static SinkOperator decodeSink(byte[] bytes, ClassLoader classLoader) {
        return StageCodec.decode(bytes, classLoader).sinks().get(0);
    }

    /** The class loader of user code in a task (Flink sets it as the context class loader), else this class's. */
    static ClassLoader taskClassLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ConnectorOperators.class.getClassLoader();
    }
}
