package dev.weft.host.server;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCategory;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftErrorCode;
import dev.weft.api.WeftException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * What run-stage answers: rows and bytes per operator id, and, when the stage failed, the error (code name, number,
 * category, message). The host's stack trace stays in its log.
 */
public record RunStageResult(Map<Integer, long[]> metrics, String errorName, int errorCode, String errorCategory,
                             String errorMessage, byte[] errorCause, long elapsedNanos) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public RunStageResult {
        metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
    }

    public static RunStageResult succeeded(Map<Integer, long[]> metrics, long elapsedNanos) {
        return new RunStageResult(metrics, null, 0, null, null, null, elapsedNanos);
    }

    public static RunStageResult failed(Map<Integer, long[]> metrics, Throwable error, long elapsedNanos) {
        if (error instanceof WeftException weft) {
            WeftErrorCode code = weft.errorCode();
            return new RunStageResult(metrics, code.name(), code.code(), code.category().name(), weft.getMessage(),
                weft.getCause() == null ? null : causeBytes(weft.getCause()), elapsedNanos);
        }
        String message = error.getMessage() == null ? error.getClass().getName() : "%s: %s".formatted(error.getClass().getName(), error.getMessage());
        return new RunStageResult(metrics, ErrorCode.GENERIC_INTERNAL_ERROR.name(), ErrorCode.GENERIC_INTERNAL_ERROR.code(),
                ErrorCode.GENERIC_INTERNAL_ERROR.category().name(), "the stage failed in the engine host: " + message, causeBytes(error), elapsedNanos);
    }

    public boolean failed() {
        return errorName != null;
    }

    /** The error as the driver throws it: the core ErrorCode of that name if there is one, the remote code otherwise. */
    public WeftException error(String where) {
        if (!failed()) {
            throw new IllegalStateException("the stage succeeded");
        }
        WeftErrorCode code = codeOf(errorName, errorCode, errorCategory);
        return new WeftException(code, "%s (in %s)".formatted(errorMessage, where), cause());
    }

    /** The host-side cause of the error (the user's exception, say), or null. */
    public Throwable cause() {
        if (errorCause == null) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(errorCause)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                if (context != null) {
                    try {
                        return Class.forName(description.getName(), false, context);
                    } catch (ClassNotFoundException e) {
                        // fall back to the default
                    }
                }
                return super.resolveClass(description);
            }
        }) {
            return (Throwable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return null;
        }
    }

    /** The cause as bytes: itself when it and its chain are Serializable, a {@link HostFailure} copy otherwise. */
    static byte[] causeBytes(Throwable cause) {
        try {
            return HostProtocol.toBytes(cause);
        } catch (RuntimeException e) {
            return HostProtocol.toBytes(HostFailure.of(cause));
        }
    }

    static WeftErrorCode codeOf(String name, int number, String category) {
        for (ErrorCode known : ErrorCode.values()) {
            if (known.name().equals(name) && known.code() == number) {
                return known;
            }
        }
        ErrorCategory parsed;
        try {
            parsed = ErrorCategory.valueOf(category);
        } catch (IllegalArgumentException | NullPointerException e) {
            parsed = ErrorCategory.INTERNAL_ERROR;
        }
        return new RemoteErrorCode(number, name, parsed);
    }

    /** An engine's own error code as the host reported it. */
    public record RemoteErrorCode(int code, String name, ErrorCategory category) implements WeftErrorCode, Serializable {
        public RemoteErrorCode {
            requireNonNull(name, "name is null");
            requireNonNull(category, "category is null");
        }
    }
}
