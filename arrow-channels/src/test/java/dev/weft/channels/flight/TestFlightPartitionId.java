package dev.weft.channels.flight;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.Ticket;
import org.junit.jupiter.api.Test;

class TestFlightPartitionId {
    private static final FlightStreamId STREAM = new FlightStreamId("job", "stage", "out");
    private static final List<FlightStreamId> AWKWARD = List.of(
            new FlightStreamId("job/with/slashes", "stage with spaces", "ünïcødé ✓ 流"),
            new FlightStreamId("%41+plus", "a:b?c=d&e#f", " "),
            new FlightStreamId("weft:x/y/z/1", "..", "💡\u0000"));

    @Test
    void putDescriptorIsThePathWithPartitionAndCount() {
        FlightPartitionId id = new FlightPartitionId(STREAM, 2);

        assertThat(id.putDescriptor(5).getPath()).containsExactly("job", "stage", "out", "2", "5");
        assertThat(FlightPartitionId.fromPutDescriptor(id.putDescriptor(5))).isEqualTo(id);
        assertThat(FlightPartitionId.putPartitionCount(id.putDescriptor(5))).isEqualTo(5);
    }

    @Test
    void putDescriptorRoundTripsAnyCharacters() {
        for (FlightStreamId stream : AWKWARD) {
            FlightPartitionId id = new FlightPartitionId(stream, 0);
            assertThat(FlightPartitionId.fromPutDescriptor(id.putDescriptor(1))).isEqualTo(id);
        }
    }

    @Test
    void ticketIsPrintableWeftText() {
        FlightPartitionId id = new FlightPartitionId(new FlightStreamId("job 1", "st/age", "ü"), 7);

        assertThat(id.ticketText()).isEqualTo("weft:job+1/st%2Fage/%C3%BC/7");
        assertThat(new String(id.ticket().getBytes(), UTF_8)).isEqualTo(id.ticketText());
        assertThat(id.ticket()).isEqualTo(new Ticket(id.ticketText().getBytes(UTF_8)));
    }

    @Test
    void ticketRoundTripsAnyCharacters() {
        for (FlightStreamId stream : AWKWARD) {
            FlightPartitionId id = new FlightPartitionId(stream, 12);
            assertThat(FlightPartitionId.fromTicket(id.ticket())).isEqualTo(id);
            assertThat(id.ticketText()).matches("weft:[\\x21-\\x7e]+");
        }
    }

    @Test
    void rejectsNegativePartitionsAndCountsTooSmall() {
        assertThatThrownBy(() -> new FlightPartitionId(STREAM, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition -1")
                .hasMessageContaining("negative");
        FlightPartitionId id = new FlightPartitionId(STREAM, 3);
        assertThatThrownBy(() -> id.putDescriptor(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition 3")
                .hasMessageContaining("partition count of 3");
    }

    @Test
    void fromPutDescriptorRejectsBadDescriptors() {
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.path("j", "s", "o", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 4 path elements, expected 5")
                .hasMessageContaining("[job, stage, output, partition, partitionCount]");
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.path("j", "s", "o", "one", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition \"one\" that is not a number");
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.path("j", "s", "o", "-1", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative partition -1");
        assertThatThrownBy(() -> FlightPartitionId.putPartitionCount(FlightDescriptor.path("j", "s", "o", "0", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition count \"x\" that is not a number");
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.path("j", "s", "o", "0", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition count of 0");
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.path("j", "s", "o", "2", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition 2 outside its partition count 2");
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.path("j", "s", "o", "01", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in canonical form");
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.path("j", "", "o", "0", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty stage");
        assertThatThrownBy(() -> FlightPartitionId.fromPutDescriptor(FlightDescriptor.command(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command descriptor");
    }

    @Test
    void fromTicketRejectsForeignTickets() {
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(ticket("SELECT * FROM t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticket \"SELECT * FROM t\" is not a Weft ticket")
                .hasMessageContaining("must start with \"weft:\"");
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(new Ticket(new byte[] {0, 1, (byte) 0xff})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\u0000\\u0001\\ufffd")
                .hasMessageContaining("is not a Weft ticket");
    }

    @Test
    void fromTicketRejectsMalformedWeftTickets() {
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(ticket("weft:j/s/o")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticket \"weft:j/s/o\" has 3 '/'-separated parts")
                .hasMessageContaining("job/stage/output/partition");
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(ticket("weft:j/s/o/1/2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 5 '/'-separated parts");
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(ticket("weft:j/s/o/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticket \"weft:j/s/o/x\" has a partition \"x\" that is not a number");
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(ticket("weft:j/s/o/-3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticket \"weft:j/s/o/-3\" has a negative partition -3");
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(ticket("weft:j%zz/s/o/0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed URL-encoded job \"j%zz\"");
        assertThatThrownBy(() -> FlightPartitionId.fromTicket(ticket("weft:j//o/0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticket \"weft:j//o/0\" has an empty stage");
    }

    private static Ticket ticket(String text) {
        return new Ticket(text.getBytes(UTF_8));
    }
}
