package dev.weft.channels.flight;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;

/** Turns Flight call failures into WeftExceptions that name the stream, the server and what to do. */
final class FlightErrors {
    private FlightErrors() {}

    /**
     * A failed call: AUTHENTICATION_FAILED when the server said UNAUTHENTICATED, CHANNEL_FAILED otherwise. The message
     * reads "{@code <what> failed: <server description> (status X, server L); <what to do>}".
     */
    static WeftException callFailed(String what, Location location, Throwable failure) {
        if (failure instanceof WeftException weft) {
            return weft;
        }
        FlightRuntimeException flight = flightCause(failure);
        if (flight == null) {
            return new WeftException(ErrorCode.CHANNEL_FAILED,
                    "%s failed: %s (server %s); check that the Flight server is running, then rerun the stage"
                            .formatted(what, messageOf(failure), location),
                    failure);
        }
        CallStatus status = flight.status();
        FlightStatusCode code = status.code();
        ErrorCode errorCode = code == FlightStatusCode.UNAUTHENTICATED ? ErrorCode.AUTHENTICATION_FAILED : ErrorCode.CHANNEL_FAILED;
        return new WeftException(errorCode,
                "%s failed: %s (status %s, server %s); %s".formatted(what, descriptionOf(status, flight), code, location, advice(code, location)),
                failure);
    }

    /** A call that ended without an error before it should have. */
    static WeftException endedEarly(String what, Location location) {
        return new WeftException(ErrorCode.CHANNEL_FAILED,
                "%s failed: the server %s ended the call before the partition was complete; see the server log, then rerun the stage"
                        .formatted(what, location));
    }

    static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static FlightRuntimeException flightCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FlightRuntimeException flight) {
                return flight;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static String descriptionOf(CallStatus status, FlightRuntimeException flight) {
        String description = status.description();
        if (description == null || description.isBlank()) {
            description = flight.getMessage();
        }
        return description == null || description.isBlank() ? "no description" : description;
    }

    private static String advice(FlightStatusCode code, Location location) {
        return switch (code) {
            case UNAUTHENTICATED -> "the server refused the credentials: give the client the bearer token the Flight server was started with";
            case UNAUTHORIZED -> "the credentials are not allowed to do this: check the Flight server's token configuration";
            case UNAVAILABLE -> "the server cannot be reached: check that the Flight server at %s is running and reachable".formatted(location);
            case NOT_FOUND -> "the server does not host it: check that the producer stage wrote to this server and the job was not dropped";
            case RESOURCE_EXHAUSTED -> "the server is out of memory: raise its memory budget or enable spilling, then rerun the job";
            case INVALID_ARGUMENT, ALREADY_EXISTS ->
                    "the server refused the request: check that every producer of the stream uses the same schema and partition count and writes each partition once";
            case CANCELLED -> "the call was cancelled (the server shut down, the job was dropped or the other side gave up): rerun the stage";
            case TIMED_OUT -> "the call timed out: check the Flight server's load, then rerun the stage";
            default -> "the producer failed or the server hit an error: see the producer's error and the server log, then rerun the stage";
        };
    }
}
