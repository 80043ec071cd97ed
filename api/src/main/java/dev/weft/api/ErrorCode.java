package dev.weft.api;

import static dev.weft.api.ErrorCategory.EXTERNAL;
import static dev.weft.api.ErrorCategory.INSUFFICIENT_RESOURCES;
import static dev.weft.api.ErrorCategory.INTERNAL_ERROR;
import static dev.weft.api.ErrorCategory.USER_ERROR;

/**
 * Standard error codes. Codes 0-999 belong to the core; each engine owns a range of its own
 * (java 1000-1999, flink 2000-2999, spark 3000-3999, jdbc 4000-4999, kafka 5000-5999), declared in the
 * engine module with {@link WeftErrorCode}.
 */
public enum ErrorCode implements WeftErrorCode {
    GENERIC_USER_ERROR(0, USER_ERROR),
    INVALID_PLAN(1, USER_ERROR),
    UNKNOWN_COLUMN(2, USER_ERROR),
    TYPE_MISMATCH(3, USER_ERROR),
    UNSUPPORTED_TYPE(4, USER_ERROR),
    INVALID_ARGUMENT(5, USER_ERROR),
    USER_FUNCTION_FAILED(6, USER_ERROR),
    WRONG_OUTPUT_TYPE(7, USER_ERROR),
    MALFORMED_INPUT(8, USER_ERROR),
    FILE_NOT_FOUND(9, USER_ERROR),
    INVALID_CONFIGURATION(10, USER_ERROR),
    UNBOUNDED_AGGREGATION(11, USER_ERROR),
    UNSUPPORTED_OPERATION(12, USER_ERROR),
    JOB_CANCELLED(13, USER_ERROR),
    NO_ENGINE(14, USER_ERROR),
    /** No engine may run an operator under the plan's constraints (capabilities, pins, the engine allow-list). */
    NO_PLACEMENT(15, USER_ERROR),
    /** A cost profile file is malformed: an unknown or missing key, a bad value. */
    INVALID_COST_PROFILE(16, USER_ERROR),

    GENERIC_INTERNAL_ERROR(100, INTERNAL_ERROR),
    MEMORY_LEAK(101, INTERNAL_ERROR),
    /** The optimizer produced a plan that breaks one of its invariants; the message names the rule. */
    OPTIMIZER_INVARIANT_VIOLATED(102, INTERNAL_ERROR),

    EXCEEDED_MEMORY_LIMIT(200, INSUFFICIENT_RESOURCES),
    SPILL_FAILED(201, INSUFFICIENT_RESOURCES),

    IO_ERROR(300, EXTERNAL),
    /** A stage hand-off (an in-process or Flight channel) failed or was cut short. */
    CHANNEL_FAILED(301, EXTERNAL),
    /** A Flight endpoint refused the credentials. */
    AUTHENTICATION_FAILED(302, EXTERNAL);

    private final int code;
    private final ErrorCategory category;

    ErrorCode(int code, ErrorCategory category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }
}
