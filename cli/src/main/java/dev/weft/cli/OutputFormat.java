package dev.weft.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How result rows are printed or written. */
enum OutputFormat {
    /** RFC 4180: a header line, then one line per row. */
    CSV,
    /** One JSON object per row and line (JSON Lines). */
    JSON,
    /** Aligned columns for people. */
    TABLE;

    static OutputFormat parse(String text) {
        for (OutputFormat format : values()) {
            if (format.optionValue().equals(text)) {
                return format;
            }
        }
        throw new UsageException("--format must be one of %s, got '%s'".formatted(choices(), text));
    }

    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String choices() {
        return Arrays.stream(values()).map(OutputFormat::optionValue).collect(Collectors.joining("|"));
    }
}
