package dev.weft.kafka.format;

/** A record value that does not parse in the declared format; the message says why (column, value). */
public final class MalformedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedValueException(String message) {
        super(message, null, false, false);
    }
}
