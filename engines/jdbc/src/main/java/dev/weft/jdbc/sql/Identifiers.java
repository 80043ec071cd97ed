package dev.weft.jdbc.sql;

import java.util.ArrayList;
import java.util.List;

/** Quotes identifiers for PostgreSQL: always double-quoted, embedded quotes doubled. */
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
        List<String> quotedParts = new ArrayList<>();
        for (String p : parts) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("table name '%s' has an empty part".formatted(name));
            }
            quotedParts.add(quote(p));
        }
        return String.join(".", quotedParts);
    }
}
