package dev.weft.flight;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints byte sizes the way the command line takes them: 1048576, 64k, 512m, 2g, 1t (binary units). */
final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(?:i?b)?");

    private ByteSizes() {}

    /** The size in bytes; IllegalArgumentException saying what is accepted if the text is not a positive size. */
    static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'%s' is not a size: give a whole number of bytes, optionally with k, m, g or t (e.g. 1048576, 512m, 2g)"
                            .formatted(text));
        }
        int shift = switch (matcher.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long value;
        try {
            value = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'%s' is too large a size".formatted(text), e);
        }
        if (value == 0) {
            throw new IllegalArgumentException("'%s' is zero: give a positive size such as 512m".formatted(text));
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'%s' is too large a size".formatted(text));
        }
        return value << shift;
    }

    /** e.g. "512 MiB", "1536 KiB", "100 bytes". */
    static String format(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        long value = bytes;
        while (unit < units.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return "%d %s".formatted(value, units[unit]);
    }
}
