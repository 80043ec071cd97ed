package dev.weft.channels.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.FlightDescriptor;
import org.junit.jupiter.api.Test;

class TestFlightStreamId {
    @Test
    void descriptorIsThePathJobStageOutput() {
        FlightStreamId id = new FlightStreamId("job-1", "stage-2", "out");

        assertThat(id.descriptor().isCommand()).isFalse();
        assertThat(id.descriptor().getPath()).containsExactly("job-1", "stage-2", "out");
        assertThat(id.descriptor()).isEqualTo(FlightDescriptor.path("job-1", "stage-2", "out"));
    }

    @Test
    void descriptorRoundTripsAnyCharacters() {
        for (FlightStreamId id : List.of(
                new FlightStreamId("job/with/slashes", "stage with spaces", "ünïcødé ✓ 流"),
                new FlightStreamId("%41+plus", "a:b?c=d&e#f", " "),
                new FlightStreamId("weft:job/stage/output/0", "\t", "💡"))) {
            assertThat(FlightStreamId.fromDescriptor(id.descriptor())).isEqualTo(id);
        }
    }

    @Test
    void textIsPrintableAndUnambiguous() {
        FlightStreamId slashes = new FlightStreamId("a/b", "c", "d");
        FlightStreamId plain = new FlightStreamId("a", "b", "c/d");

        assertThat(slashes.text()).isEqualTo("weft:a%2Fb/c/d");
        assertThat(plain.text()).isEqualTo("weft:a/b/c%2Fd");
        assertThat(new FlightStreamId("job 1", "ü", "o").text()).isEqualTo("weft:job+1/%C3%BC/o");
    }

    @Test
    void rejectsEmptyAndNullComponents() {
        assertThatThrownBy(() -> new FlightStreamId("", "s", "o"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job")
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new FlightStreamId("j", "", "o")).hasMessageContaining("stage");
        assertThatThrownBy(() -> new FlightStreamId("j", "s", "")).hasMessageContaining("output");
        assertThatThrownBy(() -> new FlightStreamId(null, "s", "o"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("job is null");
    }

    @Test
    void fromDescriptorRejectsWrongPathLength() {
        assertThatThrownBy(() -> FlightStreamId.fromDescriptor(FlightDescriptor.path("job", "stage")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 path elements, expected 3")
                .hasMessageContaining("[\"job\", \"stage\"]");
        assertThatThrownBy(() -> FlightStreamId.fromDescriptor(FlightDescriptor.path("j", "s", "o", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 4 path elements, expected 3");
        assertThatThrownBy(() -> FlightStreamId.fromDescriptor(FlightDescriptor.path()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 0 path elements");
    }

    @Test
    void fromDescriptorRejectsCommandsAndEmptyComponents() {
        assertThatThrownBy(() -> FlightStreamId.fromDescriptor(FlightDescriptor.command("select 1".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command descriptor")
                .hasMessageContaining("[job, stage, output]");
        assertThatThrownBy(() -> FlightStreamId.fromDescriptor(FlightDescriptor.path("j", "", "o")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty stage");
    }
}
