package dev.weft.optimizer.explain;

/** Escaping for XML/HTML text and attributes and for Graphviz quoted strings. */
final class Markup {
    private Markup() {}

    /** Text safe inside an XML/HTML element or a double-quoted attribute; characters XML 1.0 forbids are dropped. */
    static String xml(String text) {
        return xml(text, false);
    }

    /** As {@link #xml(String)}, keeping line breaks (for {@code <pre>}). */
    static String xmlLines(String text) {
        return xml(text, true);
    }

    private static String xml(String text, boolean keepLines) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n' -> out.append(keepLines ? '\n' : ' ');
                case '\r', '\t' -> out.append(' ');
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Text for inside a Graphviz double-quoted string (one line: line breaks become spaces). */
    static String dot(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> {
                    if (c >= 0x20) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** At most {@code max} characters, "..." marking a cut. */
    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 3)) + "...";
    }
}
