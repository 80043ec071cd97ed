package dev.weft.flight.store;

import static java.util.Objects.requireNonNull;

/** A store operation that could not be done; {@link #kind()} says why (the server maps it to a Flight status). */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Kind {
        /** The stream or partition is not hosted (never written, or dropped). */
        NOT_FOUND,
        /** The request contradicts the stream: schema, partition count, partition index, duplicate writer. */
        INVALID_ARGUMENT,
        /** The memory budget is full and nothing can be spilled or waited for. */
        RESOURCE_EXHAUSTED,
        /** The producer of the partition failed or went away: its data is incomplete. */
        FAILED,
        /** The caller cancelled, or the stream's job was dropped, while the operation was under way. */
        CANCELLED
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(requireNonNull(message, "message is null"));
        this.kind = requireNonNull(kind, "kind is null");
    }

    StoreException(Kind kind, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "StoreException[%s]: %s".formatted(kind, getMessage());
    }
}
