package dev.weft.api;

/** Who has to act on an error: the user, Weft's developers, an operator of an external system, or whoever sizes resources. */
public enum ErrorCategory {
    USER_ERROR,
    INTERNAL_ERROR,
    INSUFFICIENT_RESOURCES,
    EXTERNAL
}
