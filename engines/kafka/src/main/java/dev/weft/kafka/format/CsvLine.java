package dev.weft.kafka.format;

import dev.weft.api.plan.CsvFormat;
import java.util.ArrayList;
import java.util.List;

/** One CSV record per Kafka value in a {@link CsvFormat} dialect: fields in, fields out. */
public final class CsvLine {
    private final CsvFormat format;

    public CsvLine(CsvFormat format) {
        this.format = format;
    }

    /** The fields of a line; an unquoted field equal to the null text is null. Throws MalformedValueException. */
    public List<String> parse(String line) {
        int length = line.length();
        while (length > 0 && (line.charAt(length - 1) == '\n' || line.charAt(length - 1) == '\r')) {
            length--;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        boolean quoted = false;
        char quote = format.quote();
        char escape = format.escape();
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (escape != quote && c == escape && i + 1 < length) {
                    current.append(line.charAt(++i));
                } else if (c == quote) {
                    if (escape == quote && i + 1 < length && line.charAt(i + 1) == quote) {
                        current.append(quote);
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == quote && current.length() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else if (c == format.delimiter()) {
                fields.add(field(current, quoted));
                current.setLength(0);
                quoted = false;
            } else {
                current.append(c);
            }
        }
        if (inQuotes) {
            throw new MalformedValueException("unterminated quoted CSV field in '%s'".formatted(shorten(line)));
        }
        fields.add(field(current, quoted));
        return fields;
    }

    /** A line of the fields (null: the null text), quoted where needed. */
    public String format(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(format.delimiter());
            }
            String value = values.get(i);
            if (value == null) {
                line.append(format.nullValue());
            } else if (needsQuotes(value)) {
                line.append(format.quote());
                for (int j = 0; j < value.length(); j++) {
                    char c = value.charAt(j);
                    if (c == format.quote() || (c == format.escape() && format.escape() != format.quote())) {
                        line.append(format.escape());
                    }
                    line.append(c);
                }
                line.append(format.quote());
            } else {
                line.append(value);
            }
        }
        return line.toString();
    }

    private boolean needsQuotes(String value) {
        if (value.equals(format.nullValue()) || value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == format.delimiter() || c == format.quote() || c == format.escape() || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private String field(StringBuilder text, boolean quoted) {
        String value = text.toString();
        return !quoted && value.equals(format.nullValue()) ? null : value;
    }

    private static String shorten(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
