package dev.weft.jdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Quotes identifiers: always quoted (double quotes unless a dialect says otherwise), embedded quotes doubled. */
public final class Identifiers {
    private Identifiers() {}

    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier may not contain a NUL character: " + identifier.replace('\0', '?'));
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * A possibly schema-qualified table name ({@code orders}, {@code sales.orders}, {@code "My Table"}): each dot-separated
     * part quoted; a part already in double quotes is kept as written.
     */
    public static String table(String name) {
        return table(name, Identifiers::quote);
    }

    /** {@link #table(String)} with the dialect's quoting of each part. */
    public static String table(String name, UnaryOperator<String> quoter) {
        List<String> quotedParts = new ArrayList<>();
        for (String p : parts(name)) {
            quotedParts.add(quoter.apply(p));
        }
        return String.join(".", quotedParts);
    }

    /** The dot-separated parts of a table name, unquoted ({@code "My.Schema".t} is {@code My.Schema} and {@code t}). */
    public static List<String> parts(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        for (String p : parts) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("table name '%s' has an empty part".formatted(name));
            }
        }
        return parts;
    }
}
