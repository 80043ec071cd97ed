package dev.weft.cli;

import dev.weft.api.types.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Renders result rows as CSV, JSON Lines or an aligned table. */
final class ResultWriter {
    private static final String NULL_IN_TABLE = "NULL";

    private ResultWriter() {}

    static void write(OutputFormat format, List<String> columns, List<Row> rows, Appendable out) throws IOException {
        switch (format) {
            case CSV -> writeCsv(columns, rows, out);
            case JSON -> writeJson(columns, rows, out);
            case TABLE -> writeTable(columns, rows, out);
        }
    }

    /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; NULL is an empty field. */
    static void writeCsv(List<String> columns, List<Row> rows, Appendable out) throws IOException {
        csvLine(columns, out);
        List<String> fields = new ArrayList<>(columns.size());
        for (Row row : rows) {
            fields.clear();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                fields.add(value == null ? "" : text(value));
            }
            csvLine(fields, out);
        }
    }

    private static void csvLine(List<String> fields, Appendable out) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                out.append(field);
            }
        }
        out.append('\n');
    }

    /** One object per line, keys in column order. */
    static void writeJson(List<String> columns, List<Row> rows, Appendable out) throws IOException {
        StringBuilder line = new StringBuilder();
        for (Row row : rows) {
            line.setLength(0);
            line.append('{');
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                jsonString(columns.get(i), line);
                line.append(':');
                jsonValue(row.get(i), line);
            }
            line.append("}\n");
            out.append(line);
        }
    }

    /** A header, a rule, the rows; numbers aligned right, everything else left. */
    static void writeTable(List<String> columns, List<Row> rows, Appendable out) throws IOException {
        int[] widths = new int[columns.size()];
        boolean[] numeric = new boolean[columns.size()];
        List<String[]> cells = new ArrayList<>(rows.size());
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = width(columns.get(i));
            numeric[i] = !rows.isEmpty();
        }
        for (Row row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                Object value = row.get(i);
                line[i] = value == null ? NULL_IN_TABLE : text(value).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
                widths[i] = Math.max(widths[i], width(line[i]));
                numeric[i] &= value == null || value instanceof Number;
            }
            cells.add(line);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            cell(text, i, columns.get(i), widths[i], false);
        }
        endLine(text, out);
        for (int i = 0; i < columns.size(); i++) {
            text.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        endLine(text, out);
        for (String[] line : cells) {
            for (int i = 0; i < columns.size(); i++) {
                cell(text, i, line[i], widths[i], numeric[i]);
            }
            endLine(text, out);
        }
        out.append("(%d %s)\n".formatted(rows.size(), rows.size() == 1 ? "row" : "rows"));
    }

    private static void cell(StringBuilder text, int index, String value, int width, boolean alignRight) {
        if (index > 0) {
            text.append(" | ");
        }
        String padding = " ".repeat(width - width(value));
        text.append(alignRight ? padding + value : value + padding);
    }

    private static void endLine(StringBuilder text, Appendable out) throws IOException {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        text.setLength(end);
        out.append(text).append('\n');
        text.setLength(0);
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The text of a non-null value: numbers without exponents, dates and timestamps in ISO-8601, binary in base64. */
    static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return String.valueOf(number);
            }
            // the shortest decimal that reads back as the same value: Float's own digits for a float
            return plain(new BigDecimal(value.toString()));
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> || value instanceof Row) {
            StringBuilder json = new StringBuilder();
            jsonValue(value, json);
            return json.toString();
        }
        return value.toString();
    }

    /** 1.0E7 -> 10000000, 2.50 -> 2.5, 380456.0 -> 380456. */
    private static String plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    private static void jsonValue(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number number && isJsonNumber(number)) {
            out.append(text(number));
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                jsonValue(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Row row) {
            out.append('{');
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                jsonString(row.schema() == null ? "f" + i : row.schema().getFields().get(i).getName(), out);
                out.append(':');
                jsonValue(row.get(i), out);
            }
            out.append('}');
        } else {
            jsonString(text(value), out);
        }
    }

    /** NaN and infinities have no JSON number form: they are written as strings. */
    private static boolean isJsonNumber(Number number) {
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            return !Double.isNaN(value) && !Double.isInfinite(value);
        }
        return true;
    }

    private static void jsonString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
