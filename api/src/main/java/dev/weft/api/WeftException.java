package dev.weft.api;

import static java.util.Objects.requireNonNull;

/** The one exception type Weft throws: a message that says what was wrong and what to do, with a code and category. */
public class WeftException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final WeftErrorCode errorCode;

    public WeftException(WeftErrorCode errorCode, String message) {
        super(requireNonNull(message, "message is null"));
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public WeftException(WeftErrorCode errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public WeftErrorCode errorCode() {
        return errorCode;
    }

    public ErrorCategory category() {
        return errorCode.category();
    }

    @Override
    public String toString() {
        return "WeftException[%s/%d %s]: %s".formatted(errorCode.name(), errorCode.code(), errorCode.category(), getMessage());
    }
}
