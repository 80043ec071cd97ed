package dev.weft.flight;

import dev.weft.flight.store.StoreException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/** Turns store errors and unexpected failures into Flight status codes with a description (never a bare stack trace). */
final class FlightStatuses {
    private FlightStatuses() {}

    /** The Flight status for a store error; its message (which names the stream and what to do) is the description. */
    static CallStatus statusOf(StoreException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> CallStatus.NOT_FOUND;
            case INVALID_ARGUMENT -> CallStatus.INVALID_ARGUMENT;
            case RESOURCE_EXHAUSTED -> CallStatus.RESOURCE_EXHAUSTED;
            case FAILED -> CallStatus.INTERNAL;
            case CANCELLED -> CallStatus.CANCELLED;
        };
    }

    static FlightRuntimeException fromStore(StoreException error) {
        return statusOf(error.kind()).withDescription(error.getMessage()).withCause(error).toRuntimeException();
    }

    static FlightRuntimeException invalidArgument(String description, Throwable cause) {
        return CallStatus.INVALID_ARGUMENT.withDescription(description).withCause(cause).toRuntimeException();
    }

    static FlightRuntimeException notFound(String description) {
        return CallStatus.NOT_FOUND.withDescription(description).toRuntimeException();
    }

    static FlightRuntimeException shuttingDown(String what) {
        return CallStatus.UNAVAILABLE
                .withDescription("The Weft Flight service is shutting down: %s was not finished. Retry against a running service."
                        .formatted(what))
                .toRuntimeException();
    }

    /** An unexpected failure: INTERNAL with the exception's class and message, the stack trace stays in the server log. */
    static FlightRuntimeException internal(String what, Throwable cause) {
        return CallStatus.INTERNAL
                .withDescription("The Weft Flight service failed while %s: %s. See the service log for details."
                        .formatted(what, describe(cause)))
                .withCause(cause)
                .toRuntimeException();
    }

    /** Class and message of an exception, or the Flight status and description of a Flight one. */
    static String describe(Throwable error) {
        if (error instanceof FlightRuntimeException flight) {
            CallStatus status = flight.status();
            return status.description() == null || status.description().isEmpty()
                    ? status.code().name()
                    : "%s: %s".formatted(status.code(), status.description());
        }
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : "%s: %s".formatted(error.getClass().getSimpleName(), message);
    }
}
