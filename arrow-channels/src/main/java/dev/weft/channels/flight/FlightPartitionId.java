package dev.weft.channels.flight;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.Ticket;

/**
 * One partition of a stream. On the wire it is a put descriptor ({@code [job, stage, output, partition, partitionCount]},
 * what a producer's DoPut sends) or a DoGet ticket (UTF-8 {@code "weft:" + URL-encoded job/stage/output/partition}).
 */
public record FlightPartitionId(FlightStreamId stream, int partition) {
    static final int PUT_PATH_LENGTH = 5;

    public FlightPartitionId {
        requireNonNull(stream, "stream is null");
        if (partition < 0) {
            throw new IllegalArgumentException("partition %d of stream %s is negative: partitions are numbered from 0"
                    .formatted(partition, stream.text()));
        }
    }

    /** {@code FlightDescriptor.path(job, stage, output, partition, partitionCount)}: what a producer's DoPut sends. */
    public FlightDescriptor putDescriptor(int partitionCount) {
        if (partitionCount <= partition) {
            throw new IllegalArgumentException("partition %d of stream %s is outside a partition count of %d: give 0 <= partition < partitionCount"
                    .formatted(partition, stream.text(), partitionCount));
        }
        return FlightDescriptor.path(stream.job(), stream.stage(), stream.output(),
                Integer.toString(partition), Integer.toString(partitionCount));
    }

    /** Parses a put descriptor: returns the id; partitionCount via {@link #putPartitionCount(FlightDescriptor)}. */
    public static FlightPartitionId fromPutDescriptor(FlightDescriptor descriptor) {
        List<String> path = checkedPutPath(descriptor);
        return new FlightPartitionId(FlightStreamId.fromPath(path, "put descriptor"), number(path, 3, "partition"));
    }

    /** The partition count a put descriptor declares; IllegalArgumentException naming what is wrong. */
    public static int putPartitionCount(FlightDescriptor descriptor) {
        List<String> path = checkedPutPath(descriptor);
        return number(path, 4, "partition count");
    }

    /** The DoGet ticket: UTF-8 {@code "weft:" + URL-encoded job/stage/output/partition} joined by '/', printable. */
    public Ticket ticket() {
        return new Ticket(ticketText().getBytes(UTF_8));
    }

    /** Parses a ticket made by {@link #ticket()}; IllegalArgumentException naming the ticket text otherwise. */
    public static FlightPartitionId fromTicket(Ticket ticket) {
        requireNonNull(ticket, "ticket is null");
        byte[] bytes = requireNonNull(ticket.getBytes(), "ticket bytes are null");
        String text = new String(bytes, UTF_8);
        String printed = Tickets.printable(text);
        if (!text.startsWith(Tickets.PREFIX)) {
            throw new IllegalArgumentException("ticket \"%s\" is not a Weft ticket: it must start with \"%s\" (take tickets from GetFlightInfo or FlightPartitionId.ticket())"
                    .formatted(printed, Tickets.PREFIX));
        }
        String[] parts = text.substring(Tickets.PREFIX.length()).split("/", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("ticket \"%s\" has %d '/'-separated parts after \"%s\", expected 4: job/stage/output/partition"
                    .formatted(printed, parts.length, Tickets.PREFIX));
        }
        String[] names = {"job", "stage", "output"};
        String[] components = new String[3];
        for (int i = 0; i < 3; i++) {
            try {
                components[i] = Tickets.decode(parts[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ticket \"%s\" has a malformed URL-encoded %s \"%s\": %s"
                        .formatted(printed, names[i], Tickets.printable(parts[i]), e.getMessage()), e);
            }
            if (components[i].isEmpty()) {
                throw new IllegalArgumentException("ticket \"%s\" has an empty %s: every component must be non-empty"
                        .formatted(printed, names[i]));
            }
        }
        int partition = parseNumber(parts[3], () -> "ticket \"%s\"".formatted(printed), "partition");
        return new FlightPartitionId(new FlightStreamId(components[0], components[1], components[2]), partition);
    }

    /** The ticket's text, for printing ("weft:job/stage/output/3"). */
    public String ticketText() {
        return Tickets.partitionText(this);
    }

    private static List<String> checkedPutPath(FlightDescriptor descriptor) {
        requireNonNull(descriptor, "descriptor is null");
        String expected = "[job, stage, output, partition, partitionCount]";
        List<String> path = FlightStreamId.pathOf(descriptor, "put descriptor", expected);
        if (path.size() != PUT_PATH_LENGTH) {
            throw new IllegalArgumentException("put descriptor %s has %d path elements, expected %d: %s; build it with FlightPartitionId.putDescriptor(partitionCount)"
                    .formatted(FlightStreamId.describe(path), path.size(), PUT_PATH_LENGTH, expected));
        }
        FlightStreamId.fromPath(path, "put descriptor");
        int partition = number(path, 3, "partition");
        int count = number(path, 4, "partition count");
        if (count < 1) {
            throw new IllegalArgumentException("put descriptor %s has a partition count of %d: it must be at least 1"
                    .formatted(FlightStreamId.describe(path), count));
        }
        if (partition >= count) {
            throw new IllegalArgumentException("put descriptor %s has partition %d outside its partition count %d: give 0 <= partition < partitionCount"
                    .formatted(FlightStreamId.describe(path), partition, count));
        }
        return path;
    }

    private static int number(List<String> path, int index, String what) {
        return parseNumber(path.get(index), () -> "put descriptor " + FlightStreamId.describe(path), what);
    }

    private static int parseNumber(String text, Supplier<String> where, String what) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s has a %s \"%s\" that is not a number: give a decimal integer >= 0"
                    .formatted(where.get(), what, Tickets.printable(String.valueOf(text))), e);
        }
        if (value < 0) {
            throw new IllegalArgumentException("%s has a negative %s %d: give a decimal integer >= 0"
                    .formatted(where.get(), what, value));
        }
        // Only the canonical form ("7", not "+7" or "007") so that a ticket has exactly one text.
        if (!Integer.toString(value).equals(text)) {
            throw new IllegalArgumentException("%s has a %s \"%s\" that is not in canonical form: write it as \"%d\""
                    .formatted(where.get(), what, Tickets.printable(text), value));
        }
        return value;
    }
}
