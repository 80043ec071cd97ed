package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

class TestBearerTokenCheck {
    private final BearerTokenCheck check = new BearerTokenCheck(Set.of("alpha-token", "beta-token"));

    @Test
    void acceptsEachConfiguredTokenWhateverTheCaseOfBearer() {
        assertThat(check.authenticate(headers("Bearer alpha-token")).getPeerIdentity()).isEqualTo(BearerTokenCheck.PEER_IDENTITY);
        assertThat(check.authenticate(headers("bearer beta-token")).getPeerIdentity()).isNotBlank();
        assertThat(check.authenticate(headers("BEARER alpha-token")).getPeerIdentity()).isNotBlank();
    }

    @Test
    void refusesMissingMalformedAndWrongCredentials() {
        assertUnauthenticated(new FlightCallHeaders(), "No credentials");
        assertUnauthenticated(headers("Basic alpha-token"), "not a bearer token");
        assertUnauthenticated(headers("Bearer "), "not a bearer token");
        assertUnauthenticated(headers("Bearer alpha"), "refused");
        assertUnauthenticated(headers("Bearer alpha-token-and-more"), "refused");
        assertUnauthenticated(headers("Bearer ALPHA-TOKEN"), "refused");
    }

    @Test
    void needsAtLeastOneToken() {
        assertThatThrownBy(() -> new BearerTokenCheck(Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertUnauthenticated(FlightCallHeaders headers, String description) {
        assertThatThrownBy(() -> check.authenticate(headers))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
                    assertThat(e.status().description()).contains(description).doesNotContain("alpha-token", "beta-token");
                });
    }

    private static FlightCallHeaders headers(String authorization) {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", authorization);
        return headers;
    }
}
