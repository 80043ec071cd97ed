package dev.weft.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.Plan;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.ProfileCostModel;
import dev.weft.optimizer.estimate.CardinalityEstimator;
import dev.weft.optimizer.estimate.SourceStatisticsLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Generated plans of many operators on five engines: the optimizer places them validly (speed is measured by the JMH benchmark). */
class TestOptimizerScale {
    /** The four fake engines and a fifth: a copy of "local" named "twin". */
    static List<EngineOption> fiveEngines() {
        List<EngineOption> engines = new ArrayList<>(GoldenPlans.fakeEngines());
        EngineOption local = engines.get(0);
        CostProfile p = local.profile();
        CostProfile twin = new CostProfile("twin", p.origin(), p.process(), p.startUp(), p.parallelism(), p.operators(), p.channels(), p.calibration());
        engines.add(new EngineOption("twin", local.capabilities(), twin, false));
        return engines;
    }

    /** About {@code operators} operators: chains of maps and filters over generators of varied sizes, unions, a shared dataset read by two sinks. */
    static Plan generated(int operators, long seed) {
        Random random = new Random(seed);
        Pipeline pipeline = Pipeline.create("generated-" + operators);
        List<Dataset<Long>> open = new ArrayList<>();
        int count = 0;
        while (count < operators - 2) {
            int choice = random.nextInt(10);
            if (open.isEmpty() || choice == 0) {
                open.add(pipeline.generate((long) Math.pow(10, 2 + random.nextInt(8)), 0));
            } else if (choice <= 4) {
                Dataset<Long> d = open.remove(random.nextInt(open.size()));
                open.add(d.map(x -> x + 1, Long.class));
            } else if (choice <= 7) {
                Dataset<Long> d = open.remove(random.nextInt(open.size()));
                open.add(d.filter(x -> x % 3 != 0));
            } else if (choice == 8 && open.size() >= 2) {
                Dataset<Long> a = open.remove(random.nextInt(open.size()));
                Dataset<Long> b = open.remove(random.nextInt(open.size()));
                open.add(a.union(b));
            } else {
                Dataset<Long> d = open.get(random.nextInt(open.size()));
                d.count().collect(); // d is now shared: read by this count and by whatever comes next
                count++;
            }
            count++;
        }
        for (Dataset<Long> d : open) {
            d.collect();
        }
        return pipeline.plan();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 50, 100, 200})
    void placesGeneratedPlans(int operators) {
        Plan plan = generated(operators, 42);
        Optimizer optimizer = new Optimizer(fiveEngines(), new ProfileCostModel(), new CardinalityEstimator(SourceStatisticsLookup.NONE),
                OptimizerSettings.DEFAULTS);

        PlacedPlan placed = optimizer.optimize(plan);

        assertThat(placed.placement()).hasSize(plan.operators().size());
        assertThat(placed.runnerUp()).isPresent();
        assertThat(placed.runnerUp().get().squashedTotal()).isGreaterThanOrEqualTo(placed.squashedTotal());
    }
}
