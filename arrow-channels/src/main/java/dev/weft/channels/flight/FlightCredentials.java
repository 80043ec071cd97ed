package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;

/**
 * Bearer-token credentials for every call (header {@code authorization: Bearer <token>}), or none. The token is never
 * shown by {@link #toString()} and never logged.
 */
public final class FlightCredentials {
    private static final FlightCredentials NONE = new FlightCredentials(null);

    private final String token;

    private FlightCredentials(String token) {
        this.token = token;
    }

    /** No credentials: calls carry no authorization header. */
    public static FlightCredentials none() {
        return NONE;
    }

    /** A bearer token sent with every call. */
    public static FlightCredentials bearer(String token) {
        requireNonNull(token, "token is null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the bearer token is blank: give the token the Flight server was started with, or use FlightCredentials.none()");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // Never print the token itself, not even in an error.
                throw new IllegalArgumentException("the bearer token has a character at position %d that cannot travel in an HTTP header (only printable ASCII without spaces)"
                        .formatted(i));
            }
        }
        return new FlightCredentials(token);
    }

    /** The bearer token, if any (for handing a stream's address to another process, see {@link RemoteStream}). */
    public Optional<String> bearerToken() {
        return Optional.ofNullable(token);
    }

    /** The call options to pass to every Flight call: empty for none, a bearer credential otherwise (a fresh array). */
    public CallOption[] callOptions() {
        if (token == null) {
            return new CallOption[0];
        }
        return new CallOption[] {new CredentialCallOption(new BearerCredentialWriter(token))};
    }

    @Override
    public String toString() {
        return token == null ? "FlightCredentials[none]" : "FlightCredentials[bearer token ****]";
    }
}
