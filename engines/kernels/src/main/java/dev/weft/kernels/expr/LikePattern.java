package dev.weft.kernels.expr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A LIKE pattern (or a prefix, suffix or substring test) matched against UTF-8 bytes. {@code %} matches any
 * sequence, {@code _} one character (code point); a backslash escapes the next character ({@code \%}, {@code \_},
 * {@code \\}), as in PostgreSQL. Every other character, regex metacharacters included, matches itself. Patterns of
 * the forms {@code abc}, {@code abc%}, {@code %abc}, {@code %abc%} and {@code %} are matched with array comparisons;
 * others with a backtracking matcher that remembers the last {@code %} (linear for most patterns).
 */
final class LikePattern {
    private static final int ONE = -1;
    private static final int ANY = -2;

    private enum Shape {
        EQUALS,
        PREFIX,
        SUFFIX,
        CONTAINS,
        EVERYTHING,
        GENERAL
    }

    private final Shape shape;
    private final byte[] literal;
    private final int[] tokens;

    private LikePattern(Shape shape, byte[] literal, int[] tokens) {
        this.shape = shape;
        this.literal = literal;
        this.tokens = tokens;
    }

    static LikePattern prefix(byte[] prefix) {
        return new LikePattern(Shape.PREFIX, prefix, null);
    }

    static LikePattern suffix(byte[] suffix) {
        return new LikePattern(Shape.SUFFIX, suffix, null);
    }

    static LikePattern contains(byte[] part) {
        return new LikePattern(Shape.CONTAINS, part, null);
    }

    /** Parses a LIKE pattern; a pattern ending in a lone backslash is an error. */
    static LikePattern like(byte[] pattern, String expression) {
        int[] tokens = new int[pattern.length];
        int count = 0;
        for (int i = 0; i < pattern.length; i++) {
            int b = pattern[i] & 0xFF;
            if (b == '\\') {
                if (i + 1 == pattern.length) {
                    throw Errors.invalidArgument(expression, ("LIKE pattern '%s' ends with the escape character \\; "
                            + "write \\\\ to match a backslash").formatted(new String(pattern, StandardCharsets.UTF_8)));
                }
                tokens[count++] = pattern[++i] & 0xFF;
            } else if (b == '%') {
                if (count == 0 || tokens[count - 1] != ANY) {
                    tokens[count++] = ANY;
                }
            } else if (b == '_') {
                tokens[count++] = ONE;
            } else {
                tokens[count++] = b;
            }
        }
        tokens = Arrays.copyOf(tokens, count);
        boolean leadingAny = count > 0 && tokens[0] == ANY;
        boolean trailingAny = count > 0 && tokens[count - 1] == ANY;
        int from = leadingAny ? 1 : 0;
        int to = trailingAny ? count - 1 : count;
        if (from >= to) {
            return leadingAny ? new LikePattern(Shape.EVERYTHING, new byte[0], null) : new LikePattern(Shape.EQUALS, new byte[0], null);
        }
        byte[] middle = new byte[to - from];
        for (int i = from; i < to; i++) {
            if (tokens[i] < 0) {
                return new LikePattern(Shape.GENERAL, null, tokens);
            }
            middle[i - from] = (byte) tokens[i];
        }
        Shape shape = leadingAny ? (trailingAny ? Shape.CONTAINS : Shape.SUFFIX) : (trailingAny ? Shape.PREFIX : Shape.EQUALS);
        return new LikePattern(shape, middle, null);
    }

    boolean matches(byte[] data, int start, int end) {
        return switch (shape) {
            case EQUALS -> Arrays.equals(data, start, end, literal, 0, literal.length);
            case PREFIX -> end - start >= literal.length && Arrays.equals(data, start, start + literal.length, literal, 0, literal.length);
            case SUFFIX -> end - start >= literal.length && Arrays.equals(data, end - literal.length, end, literal, 0, literal.length);
            case CONTAINS -> indexOf(data, start, end, literal) >= 0;
            case EVERYTHING -> true;
            case GENERAL -> general(data, start, end);
        };
    }

    /** The first index in {@code data[from..end)} where {@code needle} starts, or -1. */
    static int indexOf(byte[] data, int from, int end, byte[] needle) {
        int length = needle.length;
        if (length == 0) {
            return from;
        }
        byte first = needle[0];
        for (int i = from, last = end - length; i <= last; i++) {
            if (data[i] == first && Arrays.equals(data, i + 1, i + length, needle, 1, length)) {
                return i;
            }
        }
        return -1;
    }

    private boolean general(byte[] data, int start, int end) {
        int position = start;
        int token = 0;
        int star = -1;
        int mark = start;
        while (position < end) {
            if (token < tokens.length) {
                int expected = tokens[token];
                if (expected == ANY) {
                    star = token++;
                    mark = position;
                    continue;
                }
                if (expected == ONE) {
                    position = nextCharacter(data, position, end);
                    token++;
                    continue;
                }
                if ((data[position] & 0xFF) == expected) {
                    position++;
                    token++;
                    continue;
                }
            }
            if (star < 0) {
                return false;
            }
            token = star + 1;
            mark = nextCharacter(data, mark, end);
            position = mark;
        }
        while (token < tokens.length && tokens[token] == ANY) {
            token++;
        }
        return token == tokens.length;
    }

    /** The index after the UTF-8 character starting at {@code position}. */
    static int nextCharacter(byte[] data, int position, int end) {
        int lead = data[position] & 0xFF;
        int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        return Math.min(end, position + (lead >= 0x80 && lead < 0xC0 ? 1 : length));
    }
}
