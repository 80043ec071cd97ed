package dev.weft.kafka;

import dev.weft.api.ErrorCategory;
import dev.weft.api.WeftErrorCode;

/** Errors of the Kafka connector (range 5000-5099). */
public enum KafkaErrorCode implements WeftErrorCode {
    /** No broker answered at the bootstrap servers within the start-up timeout. */
    BROKER_UNREACHABLE(5000, ErrorCategory.EXTERNAL),
    /** The topic (or a requested partition) does not exist. */
    TOPIC_MISSING(5001, ErrorCategory.USER_ERROR),
    /** A record value does not parse in the declared format and no dead-letter topic is set. */
    MALFORMED_RECORD(5002, ErrorCategory.USER_ERROR),
    /** The broker did not acknowledge a record the sink sent. */
    SEND_FAILED(5003, ErrorCategory.EXTERNAL),
    /** Another failure of the Kafka client (authorization, a broken connection while reading). */
    KAFKA_FAILED(5004, ErrorCategory.EXTERNAL),
    /** The embedded broker could not start. */
    EMBEDDED_BROKER_FAILED(5005, ErrorCategory.EXTERNAL);

    private final int code;
    private final ErrorCategory category;

    KafkaErrorCode(int code, ErrorCategory category) {
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
