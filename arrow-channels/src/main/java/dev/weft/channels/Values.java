package dev.weft.channels;

import java.util.Arrays;

/** Small helpers for messages about values. */
final class Values {
    private static final int MAX_LENGTH = 80;

    private Values() {}

    static String abbreviate(Object value) {
        String text = value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value);
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }

    static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
