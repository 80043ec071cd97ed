package dev.weft.api;

/** An error code: a stable number, a name and a category. Engines declare their own enums. */
public interface WeftErrorCode {
    int code();

    String name();

    ErrorCategory category();
}
