package dev.weft.channels.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.junit.jupiter.api.Test;

class TestFlightCredentials {
    @Test
    void noneHasNoCallOptions() {
        assertThat(FlightCredentials.none().callOptions()).isEmpty();
        assertThat(FlightCredentials.none()).hasToString("FlightCredentials[none]");
    }

    @Test
    void bearerIsOneCredentialCallOption() {
        FlightCredentials credentials = FlightCredentials.bearer("s3cr3t-t0ken");

        assertThat(credentials.callOptions()).singleElement().isInstanceOf(CredentialCallOption.class);
        assertThat(credentials.callOptions()).isNotSameAs(credentials.callOptions());
    }

    @Test
    void toStringNeverShowsTheToken() {
        FlightCredentials credentials = FlightCredentials.bearer("s3cr3t-t0ken");

        assertThat(credentials.toString()).doesNotContain("s3cr3t").contains("bearer");
    }

    @Test
    void rejectsBlankAndUnsendableTokens() {
        assertThatThrownBy(() -> FlightCredentials.bearer(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> FlightCredentials.bearer("secret with\nnewline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 6")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> FlightCredentials.bearer(null))
                .isInstanceOf(NullPointerException.class);
    }
}
