package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.flight.FlightDescriptor;

/**
 * One hosted stream: output {@code output} of stage {@code stage} of job {@code job}. Components are non-empty strings
 * (any characters, '/' and spaces included: they travel as separate descriptor path elements and URL-encoded in
 * tickets).
 */
public record FlightStreamId(String job, String stage, String output) {
    static final int PATH_LENGTH = 3;

    public FlightStreamId {
        requireComponent(job, "job");
        requireComponent(stage, "stage");
        requireComponent(output, "output");
    }

    /** {@code FlightDescriptor.path(job, stage, output)}: what GetFlightInfo takes. */
    public FlightDescriptor descriptor() {
        return FlightDescriptor.path(job, stage, output);
    }

    /** Parses a 3-element path descriptor; IllegalArgumentException naming what is wrong otherwise. */
    public static FlightStreamId fromDescriptor(FlightDescriptor descriptor) {
        requireNonNull(descriptor, "descriptor is null");
        List<String> path = pathOf(descriptor, "stream descriptor", "[job, stage, output]");
        if (path.size() != PATH_LENGTH) {
            throw new IllegalArgumentException(
                    "stream descriptor %s has %d path elements, expected %d: [job, stage, output]; build it with FlightStreamId.descriptor()"
                            .formatted(describe(path), path.size(), PATH_LENGTH));
        }
        return fromPath(path, "stream descriptor");
    }

    /** "weft:job/stage/output" with URL-encoded components: unambiguous and printable, for messages and logs. */
    public String text() {
        return Tickets.streamText(this);
    }

    /** The first three path elements as an id; the caller checked the length. */
    static FlightStreamId fromPath(List<String> path, String what) {
        String[] names = {"job", "stage", "output"};
        for (int i = 0; i < PATH_LENGTH; i++) {
            String component = path.get(i);
            if (component == null || component.isEmpty()) {
                throw new IllegalArgumentException("%s %s has an empty %s (path element %d): every component must be non-empty"
                        .formatted(what, describe(path), names[i], i));
            }
        }
        return new FlightStreamId(path.get(0), path.get(1), path.get(2));
    }

    static List<String> pathOf(FlightDescriptor descriptor, String what, String expected) {
        if (descriptor.isCommand()) {
            throw new IllegalArgumentException("%s is a command descriptor, expected a path descriptor %s"
                    .formatted(what, expected));
        }
        return descriptor.getPath();
    }

    static String describe(List<String> path) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append('"').append(Tickets.printable(String.valueOf(path.get(i)))).append('"');
        }
        return text.append(']').toString();
    }

    private static void requireComponent(String value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the %s of a Flight stream id is empty: give a non-empty %s".formatted(name, name));
        }
    }
}
