package dev.weft.optimizer;

import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.ProfileCostModel;
import dev.weft.optimizer.estimate.CardinalityEstimator;
import dev.weft.optimizer.estimate.SourceStatisticsLookup;
import dev.weft.optimizer.explain.PlanExplain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Golden-plan harness shared with other modules through the optimizer's test-jar: the four fake engines of
 * {@code profiles/fake-engines.json} and a check of a plan's explain text against a file kept in the repository.
 */
public final class GoldenPlans {
    /** The fake engines' profiles, a test resource of this module (also inside the test-jar). */
    public static final String PROFILES_RESOURCE = "profiles/fake-engines.json";
    /** Set to true to write the golden files instead of comparing. */
    public static final String REGENERATE_PROPERTY = "weft.golden.regenerate";

    private GoldenPlans() {}

    /** The four fake engines of profiles/fake-engines.json as EngineOptions (capabilities built in code, all cold). */
    public static List<EngineOption> fakeEngines() {
        Map<String, CostProfile> profiles = fakeProfiles().stream().collect(Collectors.toMap(CostProfile::engine, Function.identity()));
        Set<Class<? extends LogicalOperator>> all = allOperatorClasses();
        Set<Class<? extends LogicalOperator>> sql = Set.of(CollectionSource.class, CsvFileSource.class, TpchSource.class, FilterOperator.class,
                ProjectOperator.class, AggregateOperator.class, JoinOperator.class, SortOperator.class, LimitOperator.class, TopKOperator.class,
                CollectSink.class);
        return List.of(
                new EngineOption("local", new EngineCapabilities(all, true, false, true), profiles.get("local"), false),
                new EngineOption("cluster", new EngineCapabilities(all, true, false, true), profiles.get("cluster"), false),
                new EngineOption("stream", new EngineCapabilities(all, true, true, true), profiles.get("stream"), false),
                new EngineOption("sql", new EngineCapabilities(sql, true, false, false), profiles.get("sql"), false));
    }

    /**
     * Places the plan with the fake engines (profile cost model, estimator without engine statistics, default
     * settings), renders {@code PlanExplain.text} and compares it with {@code <goldenDirectory>/<name>.txt}; with
     * {@code -Dweft.golden.regenerate=true} writes the file instead. Fails with a unified-diff-like message.
     */
    public static void check(Plan plan, String name, Path goldenDirectory) {
        PlacedPlan placed = new Optimizer(fakeEngines(), new ProfileCostModel(), new CardinalityEstimator(SourceStatisticsLookup.NONE),
                OptimizerSettings.DEFAULTS).optimize(plan);
        compare(PlanExplain.text(placed), name, goldenDirectory);
    }

    /** Compares text with the golden file (or writes it when regenerating). */
    public static void compare(String actual, String name, Path goldenDirectory) {
        Path file = goldenDirectory.resolve(name + ".txt");
        try {
            if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
                Files.createDirectories(goldenDirectory);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("golden file %s is missing; create it with -D%s=true and review it\n--- actual:\n%s"
                        .formatted(file, REGENERATE_PROPERTY, actual));
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                throw new AssertionError("plan '%s' differs from golden file %s (regenerate with -D%s=true if the change is intended):\n%s"
                        .formatted(name, file, REGENERATE_PROPERTY, diff(expected, actual)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write golden file " + file, e);
        }
    }

    /** Lines only in the golden file start with "-", lines only in the actual text with "+", common lines near changes with " ". */
    static String diff(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add("  " + a[i]);
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add("+ " + b[j++]);
            } else {
                lines.add("- " + a[i++]);
            }
        }
        StringBuilder out = new StringBuilder("--- golden\n+++ actual\n");
        final int context = 2;
        for (int k = 0; k < lines.size(); k++) {
            boolean near = false;
            for (int d = Math.max(0, k - context); d <= Math.min(lines.size() - 1, k + context); d++) {
                near |= !lines.get(d).startsWith("  ");
            }
            if (near) {
                out.append(lines.get(k)).append('\n');
            }
        }
        return out.toString();
    }

    /** The profiles of the fake engines, parsed from the test resource. */
    public static List<CostProfile> fakeProfiles() {
        try (InputStream in = GoldenPlans.class.getClassLoader().getResourceAsStream(PROFILES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test resource %s is missing".formatted(PROFILES_RESOURCE));
            }
            return CostProfiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + PROFILES_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every concrete operator class of the plan model (the permitted records of the sealed hierarchy). */
    @SuppressWarnings("unchecked")
    public static Set<Class<? extends LogicalOperator>> allOperatorClasses() {
        Set<Class<? extends LogicalOperator>> result = new LinkedHashSet<>();
        List<Class<?>> pending = new ArrayList<>(List.of(LogicalOperator.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.remove(pending.size() - 1);
            Class<?>[] permitted = type.getPermittedSubclasses();
            if (permitted == null) {
                result.add((Class<? extends LogicalOperator>) type);
            } else {
                pending.addAll(List.of(permitted));
            }
        }
        return result;
    }
}
