package dev.weft.host.server;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/** The control actions of an engine host's Flight server and how their bodies and results are encoded. */
public final class HostProtocol {
    /** Runs a stage; body: a {@link RunStageRequest}; blocks until it ends; result: a {@link RunStageResult}. */
    public static final String RUN_STAGE = "run-stage";
    /** Cancels a running stage; body: its key (UTF-8); result: "cancelled" or "not running". */
    public static final String CANCEL_STAGE = "cancel-stage";
    /** The host's state; result: {@link HostStatus#toText()}. */
    public static final String STATUS = "status";
    /** Adds a jar to the user class loader; body: the jar's bytes; result: where the host stored it (UTF-8). */
    public static final String ADD_JAR = "add-jar";
    /** Stops the host after answering; result: "stopping". */
    public static final String SHUTDOWN = "shutdown";
    /** The line a host prints on stdout once it serves, followed by its port. */
    public static final String READY_PREFIX = "WEFT-HOST-READY port=";
    /** Where a host started by a driver finds the bearer token its server accepts (never on the command line). */
    public static final String TOKEN_ENVIRONMENT = "WEFT_HOST_TOKEN";

    private HostProtocol() {}

    /** Java serialization of a protocol message (only records of this package and JDK values). */
    public static byte[] toBytes(Serializable message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "cannot encode host message %s: %s".formatted(message.getClass().getSimpleName(), e), e);
        }
        return bytes.toByteArray();
    }

    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            Object message = in.readObject();
            if (!type.isInstance(message)) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "expected a %s, got a %s: driver and host must run the same Weft version"
                        .formatted(type.getSimpleName(), message == null ? "null" : message.getClass().getName()));
            }
            return type.cast(message);
        } catch (IOException | ClassNotFoundException e) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "cannot decode a %s: %s; driver and host must run the same Weft version"
                    .formatted(type.getSimpleName(), e), e);
        }
    }
}
