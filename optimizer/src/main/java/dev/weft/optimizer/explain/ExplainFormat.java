package dev.weft.optimizer.explain;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.Arrays;
import java.util.Locale;

/** The forms of {@code weft explain}: text (default), Graphviz dot, a standalone SVG, or an HTML page with the SVG and a table. */
public enum ExplainFormat {
    TEXT, DOT, SVG, HTML;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExplainFormat parse(String text) {
        for (ExplainFormat format : values()) {
            if (format.text().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new WeftException(ErrorCode.INVALID_ARGUMENT, "explain format '%s' is unknown; use one of %s"
                .formatted(text, Arrays.stream(values()).map(ExplainFormat::text).toList()));
    }
}
