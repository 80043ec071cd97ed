package dev.weft.optimizer;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.sum;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
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
import dev.weft.api.types.Row;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.OperatorKinds;
import dev.weft.optimizer.cost.ProfileCostModel;
import dev.weft.optimizer.estimate.CardinalityEstimator;
import dev.weft.optimizer.estimate.SourceStatisticsLookup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning time of the cost-based optimizer: {@link Optimizer#optimize} on generated plans of 10, 50, 100 and 200
 * operators with 5 engines. Target: at most 20 ms at 100 operators.
 *
 * <p>The plans (fixed seed, so every run plans the same ones) mix chains of declarative and lambda operators, joins,
 * unions, aggregates and sorts over TPC-H, generated and collection sources, and reuse datasets so that some
 * sub-plans are shared by several consumers. The engines are five profiles parsed from inline JSON with capabilities
 * built in code: a cheap-to-start local engine, a parallel cluster, a streaming engine, a declarative-only SQL engine
 * and a host engine without lambdas. Estimation is part of what is measured (the optimizer estimates first).
 *
 * <p>Run: {@code java -jar jmh-bench/target/benchmarks.jar OptimizerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class OptimizerBenchmark {
    /** Seed of the plan generator. */
    static final long SEED = 20261121L;

    @Param({"10", "50", "100", "200"})
    public int operators;

    private Plan plan;
    private Optimizer optimizer;

    @Setup(Level.Trial)
    public void setUp() {
        plan = generatePlan(operators, SEED);
        optimizer = new Optimizer(engines(), new ProfileCostModel(), new CardinalityEstimator(SourceStatisticsLookup.NONE),
                OptimizerSettings.DEFAULTS);
        optimizer.optimize(plan); // fails here, not in the measurement, if the plan cannot be placed
    }

    @Benchmark
    public PlacedPlan optimize() {
        return optimizer.optimize(plan);
    }

    // ---- the engines

    /** Per engine: name, process, parallelism, cold and warm start-up, ns per record, channels. */
    private record FakeEngine(String name, String process, int parallelism, double coldMillis, double warmMillis, double nanosPerRecord,
                              List<String> channels) {}

    private static final List<FakeEngine> FAKE_ENGINES = List.of(
            new FakeEngine("local", "driver", 1, 1, 0.5, 100, List.of("in-process", "flight")),
            new FakeEngine("cluster", "host", 16, 4000, 50, 150, List.of("flight")),
            new FakeEngine("stream", "host", 4, 2000, 20, 200, List.of("flight")),
            new FakeEngine("sql", "driver", 4, 5, 1, 60, List.of("in-process", "flight", "jdbc-bulk-load")),
            new FakeEngine("gpu", "host", 8, 500, 10, 40, List.of("flight", "arrow-ipc-file")));

    /** The 5 engines: profiles from {@link #profilesJson()}, capabilities in code. */
    static List<EngineOption> engines() {
        Map<String, CostProfile> profiles = CostProfiles.parse(profilesJson(), "OptimizerBenchmark").stream()
                .collect(Collectors.toMap(CostProfile::engine, Function.identity()));
        Set<Class<? extends LogicalOperator>> all = new LinkedHashSet<>();
        for (String kind : OperatorKinds.all()) {
            OperatorKinds.type(kind).ifPresent(all::add);
        }
        Set<Class<? extends LogicalOperator>> sql = Set.of(CollectionSource.class, TpchSource.class, FilterOperator.class,
                ProjectOperator.class, AggregateOperator.class, JoinOperator.class, SortOperator.class, LimitOperator.class,
                TopKOperator.class, CollectSink.class);
        return List.of(
                new EngineOption("local", new EngineCapabilities(all, true, false, true), profiles.get("local"), false),
                new EngineOption("cluster", new EngineCapabilities(all, true, false, true), profiles.get("cluster"), false),
                new EngineOption("stream", new EngineCapabilities(all, true, true, true), profiles.get("stream"), false),
                new EngineOption("sql", new EngineCapabilities(sql, true, false, false), profiles.get("sql"), false),
                new EngineOption("gpu", new EngineCapabilities(all, true, false, false), profiles.get("gpu"), false));
    }

    /** The cost-profile file of the five engines (every operator kind, so that any capability has its cost). */
    static String profilesJson() {
        StringBuilder json = new StringBuilder("{\n  \"format\": 1,\n  \"profiles\": [\n");
        for (int e = 0; e < FAKE_ENGINES.size(); e++) {
            FakeEngine engine = FAKE_ENGINES.get(e);
            json.append("""
                        {
                          "engine": "%s",
                          "process": "%s",
                          "parallelism": %d,
                          "start-up": { "cold-ms": %s, "warm-ms": %s },
                          "operators": {
                    """.formatted(engine.name(), engine.process(), engine.parallelism(), engine.coldMillis(), engine.warmMillis()));
            List<String> kinds = OperatorKinds.all();
            for (int k = 0; k < kinds.size(); k++) {
                json.append("        \"%s\": { \"ns-per-record\": %s, \"ns-per-byte\": 0.0 }%s\n"
                        .formatted(kinds.get(k), engine.nanosPerRecord(), k + 1 < kinds.size() ? "," : ""));
            }
            json.append("      },\n      \"channels\": {\n");
            for (int c = 0; c < engine.channels().size(); c++) {
                json.append("        \"%s\": { \"ns-per-byte-out\": 1.0, \"ns-per-byte-in\": 1.0, \"setup-ms\": 2.0 }%s\n"
                        .formatted(engine.channels().get(c), c + 1 < engine.channels().size() ? "," : ""));
            }
            json.append("""
                          },
                          "calibration": { "machine": "none", "cores": 2, "date": "2026-11-21", "method": "made up for the benchmark" }
                        }%s
                    """.formatted(e + 1 < FAKE_ENGINES.size() ? "," : ""));
        }
        return json.append("  ]\n}\n").toString();
    }

    // ---- the plans

    /**
     * A plan of about {@code size} operators (within a few: the last step may add up to 4). Every dataset has the
     * columns (k, v) of int64; datasets stay in a pool after use, so later steps may consume them again (shared
     * sub-plans); datasets nobody consumed end in a collect sink.
     */
    static Plan generatePlan(int size, long seed) {
        Random random = new Random(seed);
        Pipeline pipeline = Pipeline.create("generated-" + size);
        List<Dataset<Row>> pool = new ArrayList<>();
        Set<Dataset<Row>> consumed = new LinkedHashSet<>();
        int[] count = {0};
        pool.add(source(pipeline, random, count));
        while (count[0] + unconsumed(pool, consumed) < size) {
            Dataset<Row> input = pool.get(random.nextInt(pool.size()));
            Dataset<Row> next;
            int choice = random.nextInt(10);
            if (choice == 0 || pool.size() < 2 && choice < 3) {
                next = source(pipeline, random, count);
                pool.add(next);
                continue;
            }
            consumed.add(input);
            switch (choice) {
                case 1 -> {
                    Dataset<Row> other = other(pool, input, random);
                    consumed.add(other);
                    next = input.join(other.select(col("k").as("k2"), col("v").as("v2")), JoinKeys.on("k", "k2"))
                            .select(col("k"), col("v").plus(col("v2")).as("v"));
                    count[0] += 3;
                }
                case 2 -> {
                    Dataset<Row> other = other(pool, input, random);
                    consumed.add(other);
                    next = input.union(other);
                    count[0] += 1;
                }
                case 3 -> {
                    next = input.groupBy("k").aggregate(sum(col("v")).as("v"));
                    count[0] += 1;
                }
                case 4 -> {
                    next = input.filter(row -> row.get(0) != null);
                    count[0] += 1;
                }
                case 5 -> {
                    next = input.map(row -> row, input.schema());
                    count[0] += 1;
                }
                case 6 -> {
                    next = input.sort(desc("v"));
                    count[0] += 1;
                }
                case 7 -> {
                    next = input.select(col("k"), col("v").times(2L).as("v"));
                    count[0] += 1;
                }
                default -> {
                    next = input.filter(col("v").gt(1000L));
                    count[0] += 1;
                }
            }
            pool.add(next);
        }
        for (Dataset<Row> dataset : pool) {
            if (!consumed.contains(dataset)) {
                dataset.collect();
            }
        }
        return pipeline.plan();
    }

    private static int unconsumed(List<Dataset<Row>> pool, Set<Dataset<Row>> consumed) {
        return (int) pool.stream().filter(dataset -> !consumed.contains(dataset)).count();
    }

    private static Dataset<Row> other(List<Dataset<Row>> pool, Dataset<Row> input, Random random) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Dataset<Row> candidate = pool.get(random.nextInt(pool.size()));
            if (candidate != input) {
                return candidate;
            }
        }
        return pool.get(0) == input ? pool.get(pool.size() - 1) : pool.get(0);
    }

    /** A TPC-H table (huge or small), a generator or a small collection, as (k, v); 2 operators. */
    private static Dataset<Row> source(Pipeline pipeline, Random random, int[] count) {
        count[0] += 2;
        return switch (random.nextInt(4)) {
            case 0 -> pipeline.readTpch("lineitem", 1).select(col("l_orderkey").as("k"), col("l_partkey").as("v"));
            case 1 -> pipeline.readTpch("orders", 0.01).select(col("o_orderkey").as("k"), col("o_custkey").as("v"));
            case 2 -> pipeline.generate(1_000_000, 0).select(col("value").as("k"), col("value").as("v"));
            default -> pipeline.fromCollection(LongStream.range(0, 100).boxed().toList(), Long.class)
                    .select(col("value").as("k"), col("value").as("v"));
        };
    }
}
