package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * CSV dialect (RFC 4180 by default): delimiter, quote, escape (the quote doubled by default), a header line, and
 * the text that stands for NULL (an empty unquoted field by default).
 */
public record CsvFormat(char delimiter, char quote, char escape, boolean header, String nullValue) implements Serializable {
    public static final CsvFormat DEFAULT = new CsvFormat(',', '"', '"', true, "");

    public CsvFormat {
        requireNonNull(nullValue, "nullValue is null");
        if (delimiter == quote || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("CSV delimiter '%s' must differ from the quote and from line breaks".formatted(delimiter));
        }
    }

    public CsvFormat withDelimiter(char newDelimiter) {
        return new CsvFormat(newDelimiter, quote, escape, header, nullValue);
    }

    public CsvFormat withHeader(boolean hasHeader) {
        return new CsvFormat(delimiter, quote, escape, hasHeader, nullValue);
    }

    public CsvFormat withEscape(char newEscape) {
        return new CsvFormat(delimiter, quote, newEscape, header, nullValue);
    }

    public CsvFormat withNullValue(String text) {
        return new CsvFormat(delimiter, quote, escape, header, text);
    }
}
