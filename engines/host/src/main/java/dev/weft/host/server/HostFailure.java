package dev.weft.host.server;

import java.io.Serial;

/**
 * An exception from the host whose own class could not travel (not Serializable, or unknown to the driver): its
 * class name and message, with the original stack trace and cause chain.
 */
public final class HostFailure extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    private HostFailure(String originalClass, String message) {
        super("%s: %s".formatted(originalClass, message));
        this.originalClass = originalClass;
    }

    static HostFailure of(Throwable error) {
        HostFailure failure = new HostFailure(error.getClass().getName(), String.valueOf(error.getMessage()));
        failure.setStackTrace(error.getStackTrace());
        if (error.getCause() != null && error.getCause() != error) {
            failure.initCause(of(error.getCause()));
        }
        return failure;
    }

    /** The class of the exception the host saw. */
    public String originalClass() {
        return originalClass;
    }
}
