package dev.weft.cli;

import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.WeftConfig;
import dev.weft.adaptive.calibrate.CalibrationResult;
import dev.weft.adaptive.calibrate.CalibrationSettings;
import dev.weft.adaptive.calibrate.Calibrator;
import dev.weft.adaptive.calibrate.Measurement;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.cli.Invocation.CalibrateRequest;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code weft calibrate}: measures the engines' cost profiles ({@link Calibrator}), writes them to the output file
 * (by default {@code ~/.weft/cost-profile.json}, which the driver reads when {@code weft.cost.profile} is not set) and
 * prints a table of every figure with how it was obtained. Profiles of other engines already in the output file are
 * kept. Progress goes to stderr, the summary to stdout.
 */
final class CalibrateRunner {
    private final PrintStream out;
    private final PrintStream err;

    CalibrateRunner(PrintStream out, PrintStream err) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    /** The file the driver reads by default: {@code ~/.weft/cost-profile.json}. */
    static Path defaultOutput() {
        return Path.of(System.getProperty("user.home"), ".weft", "cost-profile.json");
    }

    void run(CalibrateRequest request) {
        boolean defaultOutput = request.output().isEmpty();
        Path output = request.output().orElseGet(CalibrateRunner::defaultOutput);
        prepare(output, defaultOutput);
        WeftConfig base = JobRunner.config(request.settings());
        CalibrationSettings settings = request.quick()
                ? CalibrationSettings.quick(request.engines(), base)
                : CalibrationSettings.defaults(request.engines(), base);
        CalibrationResult result = Calibrator.run(settings, line -> {
            err.println("weft: calibrate: " + line);
            err.flush();
        });
        List<CostProfile> profiles = new ArrayList<>(result.profiles());
        List<String> kept = keepOthers(output, profiles);
        JobRunner.writeTextAtomically(output, CostProfiles.write(profiles));
        printSummary(result);
        out.printf(Locale.ROOT, "wrote the cost profiles of %s to %s in %.1f s%s%n",
                result.profiles().stream().map(CostProfile::engine).toList(), output, result.elapsed().toMillis() / 1000.0,
                kept.isEmpty() ? "" : " (kept the profiles of %s already in it)".formatted(kept));
        out.println(defaultOutput
                ? "the driver uses it by default; set weft.cost.profile to use another file"
                : "to use it: weft.cost.profile=%s in a --config file, or WEFT_COST_PROFILE=%s".formatted(output, output));
        out.flush();
    }

    private static void prepare(Path output, boolean create) {
        Path parent = output.toAbsolutePath().getParent();
        if (create && parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new WeftException(ErrorCode.IO_ERROR, "cannot create %s for the cost profile: %s; choose a file with --output".formatted(parent, e), e);
            }
        }
        JobRunner.checkOutput(output);
    }

    /** Adds the profiles of engines not calibrated now from an existing output file; returns their engines. */
    private List<String> keepOthers(Path output, List<CostProfile> profiles) {
        if (!Files.isRegularFile(output)) {
            return List.of();
        }
        Set<String> calibrated = profiles.stream().map(CostProfile::engine).collect(Collectors.toSet());
        try {
            List<String> kept = new ArrayList<>();
            for (CostProfile existing : CostProfiles.read(output)) {
                if (!calibrated.contains(existing.engine())) {
                    profiles.add(existing);
                    kept.add(existing.engine());
                }
            }
            return kept;
        } catch (WeftException e) {
            err.println("weft: calibrate: the existing %s is not a valid cost-profile file (%s); replacing it".formatted(output, e.getMessage()));
            return List.of();
        }
    }

    private void printSummary(CalibrationResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"engine", "figure", "value", "unit", "method", "how"});
        for (Measurement m : result.measurements()) {
            rows.add(new String[] {m.engine(), m.subject(), format(m.value()), m.unit(), m.method().name().toLowerCase(Locale.ROOT), m.detail()});
        }
        int columns = 5; // the last column ("how") is not padded
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                boolean numeric = i == 2 && row != rows.get(0);
                line.append(numeric ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length())).append("  ");
            }
            line.append(row[columns]);
            out.println(line.toString().stripTrailing());
        }
    }

    /** Four significant digits, plain notation. */
    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
