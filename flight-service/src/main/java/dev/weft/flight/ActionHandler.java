package dev.weft.flight;

import java.util.List;

/**
 * A DoAction type a process adds to its {@link WeftFlightServer} (see {@link WeftFlightServer#start(FlightServiceConfig,
 * java.util.Map)}), such as an engine host's control actions: one server then carries both control and data. The
 * handler runs on one of the server's threads and may block (other calls keep being served).
 */
public interface ActionHandler {
    /** What the action does, its body and its results, for ListActions. */
    String description();

    /**
     * Runs one call of the action: the results, each one Flight Result body, sent in order. A thrown WeftException of
     * a user-error category becomes INVALID_ARGUMENT, any other exception INTERNAL, with the message as description.
     */
    List<byte[]> handle(byte[] body) throws Exception;
}
