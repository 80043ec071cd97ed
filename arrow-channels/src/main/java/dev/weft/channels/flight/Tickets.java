package dev.weft.channels.flight;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.net.URLEncoder;

/** The text form of stream ids and tickets: "weft:" + URL-encoded components joined by '/'. */
final class Tickets {
    static final String PREFIX = "weft:";
    private static final int MAX_PRINTED = 200;

    private Tickets() {}

    static String streamText(FlightStreamId stream) {
        return PREFIX + encode(stream.job()) + '/' + encode(stream.stage()) + '/' + encode(stream.output());
    }

    static String partitionText(FlightPartitionId partition) {
        return streamText(partition.stream()) + '/' + partition.partition();
    }

    static String encode(String component) {
        return URLEncoder.encode(component, UTF_8);
    }

    /** Decodes one component; IllegalArgumentException (from URLDecoder) on a malformed escape. */
    static String decode(String component) {
        return URLDecoder.decode(component, UTF_8);
    }

    /** The bytes as text for a message: UTF-8, control characters escaped, cut after a few hundred characters. */
    static String printable(byte[] bytes) {
        return printable(new String(bytes, UTF_8));
    }

    static String printable(String text) {
        StringBuilder printed = new StringBuilder(Math.min(text.length(), MAX_PRINTED) + 16);
        for (int i = 0; i < text.length(); i++) {
            if (printed.length() >= MAX_PRINTED) {
                printed.append("...(%d chars)".formatted(text.length()));
                break;
            }
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD') {
                printed.append("\\u%04x".formatted((int) c));
            } else {
                printed.append(c);
            }
        }
        return printed.toString();
    }
}
