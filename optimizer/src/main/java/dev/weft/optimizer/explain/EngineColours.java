package dev.weft.optimizer.explain;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The colour of each engine in pictures, from a fixed palette so that an engine has the same colour in every plan and
 * on every machine: the engines Weft knows have their own colour, any other engine takes one of the remaining colours
 * by a hash of its name ({@link String#hashCode} is the same on every JVM). Colours are light, for dark text on them.
 */
public final class EngineColours {
    private static final Map<String, String> KNOWN = Map.of(
            "java", "#f9c74f",
            "spark", "#f28482",
            "flink", "#cdb4db",
            "jdbc", "#8ecae6",
            "kafka", "#90be6d");
    private static final List<String> OTHERS = List.of(
            "#84dcc6", "#b5e48c", "#ffd6a5", "#f4acb7", "#fdffb6", "#9bf6ff", "#ffadad", "#caffbf", "#a0c4ff", "#e9c46a", "#bdb2ff");
    /** For an operator whose engine is unknown. */
    public static final String UNKNOWN = "#e0e0e0";

    private EngineColours() {}

    /** "#rrggbb" for the engine. */
    public static String fill(String engine) {
        String known = KNOWN.get(engine);
        if (known != null) {
            return known;
        }
        if (engine.isEmpty() || engine.equals(PlanView.UNKNOWN)) {
            return UNKNOWN;
        }
        int hash = engine.hashCode();
        hash ^= hash >>> 16;
        hash *= 0x45d9f3b;
        hash ^= hash >>> 16;
        return OTHERS.get(Math.floorMod(hash, OTHERS.size()));
    }

    /** A darker shade of the engine's colour, for outlines and edges. */
    public static String stroke(String engine) {
        String fill = fill(engine);
        int rgb = Integer.parseInt(fill.substring(1), 16);
        int r = (rgb >> 16 & 0xff) * 11 / 20;
        int g = (rgb >> 8 & 0xff) * 11 / 20;
        int b = (rgb & 0xff) * 11 / 20;
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
