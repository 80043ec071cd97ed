package dev.weft.host.codec;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.spi.Stage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Ships a {@link Stage} to an engine host: Java serialization where records that are not Serializable (operators,
 * {@code ElementType}, user records in collection sources, ...) travel as their class and components and are rebuilt
 * through the canonical constructor, Arrow schemas, fields and types as JSON, and {@code Optional*} as tokens. A DAG
 * stays a DAG (an operator used twice is decoded once). User lambdas travel as their {@code SerializedLambda}, so the
 * classes that define them must be on the host's classpath.
 */
public final class StageCodec {
    private StageCodec() {}

    /**
     * The stage as bytes; WeftException(INVALID_PLAN) naming the operator when one of its functions (or the values it
     * captures) cannot be serialized.
     */
    public static byte[] encode(Stage stage) {
        requireNonNull(stage, "stage is null");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new TokenOutputStream(bytes)) {
            out.writeObject(stage);
        } catch (IOException | RuntimeException e) {
            throw unserializable(stage, e);
        }
        return bytes.toByteArray();
    }

    /** Rebuilds a stage with the classes of {@code classLoader} (the user's classes on the host). */
    public static Stage decode(byte[] bytes, ClassLoader classLoader) {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(classLoader, "classLoader is null");
        TokenInputStream in = null;
        try {
            in = new TokenInputStream(new ByteArrayInputStream(bytes), classLoader);
            Object decoded = in.readObject();
            if (!(decoded instanceof Stage stage)) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "the bytes hold a %s, not an encoded stage: encode stages with StageCodec.encode"
                        .formatted(decoded == null ? "null" : decoded.getClass().getName()));
            }
            return stage;
        } catch (ClassNotFoundException e) {
            throw missingClass(e.getMessage(), e);
        } catch (InvalidClassException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                    "the engine host has another version of class %s than the driver (%s): give the host the same jars as the driver"
                            .formatted(e.classname, e.getMessage()), e);
        } catch (IOException e) {
            if (in != null && in.missingClass != null) {
                throw missingClass(in.missingClass, e);
            }
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "cannot decode the stage: %s; driver and host must run the same Weft version"
                    .formatted(e), e);
        }
    }

    private static WeftException missingClass(String name, Exception cause) {
        return new WeftException(ErrorCode.INVALID_CONFIGURATION,
                "the stage uses class %s, which is not on the engine host's classpath: put the jar that holds it on the driver's classpath or name it in weft.jars"
                        .formatted(name), cause);
    }

    /** The bytes of any object graph, with the same tokens (for tests and for diagnosing a stage that fails). */
    static byte[] encodeObject(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new TokenOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    /** Finds the operator (and component) that cannot be serialized, for a message that names it. */
    private static WeftException unserializable(Stage stage, Exception failure) {
        for (LogicalOperator operator : operatorsWithLoopBodies(stage.sinks())) {
            for (RecordComponent component : operator.getClass().getRecordComponents()) {
                Object value;
                try {
                    value = component.getAccessor().invoke(operator);
                } catch (ReflectiveOperationException e) {
                    continue;
                }
                if (value instanceof LogicalOperator || value instanceof LoopBody || isOperatorList(value)) {
                    continue;
                }
                try {
                    encodeObject(value);
                } catch (IOException | RuntimeException e) {
                    return new WeftException(ErrorCode.INVALID_PLAN, ("%s (%s) cannot be shipped to an engine host: its %s %s. "
                            + "Capture only Serializable values in its function (copy what it needs into local variables of "
                            + "Serializable types), make the captured class Serializable, or run the operator on the java engine.")
                            .formatted(operator.info().describe(), operator.kind(), component.getName(), reason(e)), failure);
                }
            }
        }
        return new WeftException(ErrorCode.INVALID_PLAN, "stage %s cannot be shipped to an engine host: %s. Make the values the plan holds Serializable."
                .formatted(stage.id(), reason(failure)), failure);
    }

    private static String reason(Exception e) {
        if (e instanceof NotSerializableException missing) {
            return "holds a %s, which is not Serializable".formatted(missing.getMessage());
        }
        return "cannot be serialized (%s)".formatted(e);
    }

    private static boolean isOperatorList(Object value) {
        return value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(LogicalOperator.class::isInstance);
    }

    private static List<LogicalOperator> operatorsWithLoopBodies(List<? extends LogicalOperator> sinks) {
        List<LogicalOperator> all = new ArrayList<>();
        for (LogicalOperator operator : Plan.topologicalOrder(List.copyOf(sinks))) {
            all.add(operator);
            LoopBody body = operator instanceof RepeatOperator repeat ? repeat.body()
                    : operator instanceof DoWhileOperator doWhile ? doWhile.body() : null;
            if (body != null) {
                all.addAll(operatorsWithLoopBodies(List.of(body.result())));
            }
        }
        return all;
    }

    private static final class TokenOutputStream extends ObjectOutputStream {
        TokenOutputStream(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object object) {
            return CodecTokens.replace(object);
        }
    }

    private static final class TokenInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;
        private String missingClass;

        TokenInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
            enableResolveObject(true);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                if (description.getName().indexOf('.') < 0 && !description.getName().startsWith("[")) {
                    return super.resolveClass(description); // primitive types
                }
                if (missingClass == null) {
                    missingClass = description.getName();
                }
                throw e;
            }
        }

        @Override
        protected Object resolveObject(Object object) throws IOException {
            return CodecTokens.resolve(object);
        }
    }
}
