package dev.weft.flight;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Accepts a call only if its header {@code authorization: Bearer <token>} carries one of the configured tokens.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual} against every configured token, so the
 * time taken says nothing about how much of a token matched or which one. Tokens are never logged or echoed.
 */
final class BearerTokenCheck implements CallHeaderAuthenticator {
    /** gRPC header names are lower case; Arrow's constant is "Authorization". */
    private static final String AUTHORIZATION_HEADER = Auth2Constants.AUTHORIZATION_HEADER.toLowerCase(Locale.ROOT);
    private static final String BEARER_PREFIX = Auth2Constants.BEARER_PREFIX.toLowerCase(Locale.ROOT); // "bearer "

    /** What the producer sees as the caller: the service only knows that the caller had a valid token. */
    static final String PEER_IDENTITY = "bearer-token-holder";

    private final List<byte[]> tokenDigests;

    BearerTokenCheck(Set<String> tokens) {
        requireNonNull(tokens, "tokens is null");
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no tokens: run without authentication instead of with an empty token set");
        }
        this.tokenDigests = tokens.stream().map(BearerTokenCheck::digest).toList();
    }

    @Override
    public AuthResult authenticate(CallHeaders incomingHeaders) {
        String header = incomingHeaders.get(AUTHORIZATION_HEADER);
        if (header == null) {
            throw CallStatus.UNAUTHENTICATED
                    .withDescription("No credentials: this Weft Flight service requires the header 'authorization: Bearer <token>'. "
                            + "Pass one of the service's tokens (e.g. FlightCredentials.bearer(token)).")
                    .toRuntimeException();
        }
        if (header.length() <= BEARER_PREFIX.length()
                || !header.substring(0, BEARER_PREFIX.length()).toLowerCase(Locale.ROOT).equals(BEARER_PREFIX)) {
            throw CallStatus.UNAUTHENTICATED
                    .withDescription("The authorization header is not a bearer token: send 'authorization: Bearer <token>' "
                            + "with one of the service's tokens.")
                    .toRuntimeException();
        }
        byte[] presented = digest(header.substring(BEARER_PREFIX.length()).strip());
        boolean matched = false;
        for (byte[] tokenDigest : tokenDigests) {
            // No early exit: every configured token is compared.
            matched |= MessageDigest.isEqual(tokenDigest, presented);
        }
        if (!matched) {
            throw CallStatus.UNAUTHENTICATED
                    .withDescription("The bearer token was refused: it is not one of this Weft Flight service's tokens. "
                            + "Check the token file the service was started with.")
                    .toRuntimeException();
        }
        return () -> PEER_IDENTITY;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM; every Java 17 JVM has it", e);
        }
    }

    @Override
    public String toString() {
        return "BearerTokenCheck[%d tokens]".formatted(tokenDigests.size());
    }
}
