package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestFlightServiceConfig {
    @Test
    void defaults() {
        FlightServiceConfig config = FlightServiceConfig.builder().build();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.memoryBudgetBytes()).isEqualTo(512L << 20);
        assertThat(config.spillDirectory()).hasValueSatisfying(directory -> {
            assertThat(directory.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(directory.getFileName().toString()).startsWith("weft-flight-spill-");
        });
        assertThat(config.tokens()).isEmpty();
        assertThat(config.authenticationEnabled()).isFalse();
        assertThat(config.tlsEnabled()).isFalse();
        assertThat(FlightServiceConfig.builder().build().spillDirectory()).isNotEqualTo(config.spillDirectory());
    }

    @Test
    void spillCanBeDisabledOrDirected() {
        assertThat(FlightServiceConfig.builder().disableSpill().build().spillDirectory()).isEmpty();
        assertThat(FlightServiceConfig.builder().spillDirectory(Path.of("/data/spill")).build().spillDirectory())
                .contains(Path.of("/data/spill"));
    }

    @Test
    void toStringNeverShowsTheTokens() {
        FlightServiceConfig config = FlightServiceConfig.builder().tokens(Set.of("very-secret", "also-secret")).build();
        assertThat(config.toString()).contains("2 hidden").doesNotContain("very-secret", "also-secret");
        assertThat(new BearerTokenCheck(config.tokens()).toString()).doesNotContain("very-secret");
    }

    @Test
    void invalidValuesAreConfigurationErrors() {
        assertInvalid(() -> FlightServiceConfig.builder().port(65_536).build(), "port 65536");
        assertInvalid(() -> FlightServiceConfig.builder().port(-1).build(), "port -1");
        assertInvalid(() -> FlightServiceConfig.builder().memoryBudgetBytes(0).build(), "memory budget");
        assertInvalid(() -> FlightServiceConfig.builder().host(" ").build(), "host is blank");
        assertInvalid(() -> FlightServiceConfig.builder().token(" padded ").build(), "whitespace");
        assertInvalid(() -> new FlightServiceConfig("127.0.0.1", 0, 1, Optional.empty(), Set.of(),
                Optional.of(Path.of("cert.pem")), Optional.empty()), "private key");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining(message);
    }
}
