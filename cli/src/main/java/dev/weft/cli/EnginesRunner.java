package dev.weft.cli;

import dev.weft.adaptive.EngineStatus;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import java.io.PrintStream;
import java.util.List;

/** {@code weft engines}: one line per engine found, with where it would run and whether it is warm. */
final class EnginesRunner {
    private EnginesRunner() {}

    static void print(WeftConfig config, PrintStream out) {
        try (Weft weft = Weft.create(config)) {
            List<EngineStatus> engines = weft.engines();
            int nameWidth = Math.max(6, engines.stream().mapToInt(e -> e.name().length()).max().orElse(0));
            int whereWidth = Math.max(5, engines.stream().mapToInt(e -> e.location().length()).max().orElse(0));
            String format = "%-" + nameWidth + "s  %-" + whereWidth + "s  %-4s  %-7s  %s%n";
            out.printf(format, "engine", "where", "warm", "allowed", "artifact");
            for (EngineStatus engine : engines) {
                out.printf(format, engine.name(), engine.location(), engine.warm() ? "yes" : "no", engine.allowed() ? "yes" : "no",
                        engine.artifact());
            }
            out.flush();
        }
    }
}
