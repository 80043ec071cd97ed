package dev.weft.cli.examples;

import dev.weft.api.Pipeline;
import dev.weft.optimizer.GoldenPlans;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimizer's placement of every TPC-H example query at scale factors 1 and 0.01 on the optimizer's four fake
 * engines (local, cluster, stream, sql), compared with src/test/resources/golden/tpch-q<N>-sf<SF>.txt. After an
 * intended change, regenerate with {@code mvn -o -pl cli test -Dtest=TestTpchGoldenPlans -Dweft.golden.regenerate=true}
 * and review the diff.
 */
class TestTpchGoldenPlans {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    static Stream<Arguments> queries() {
        return TpchQueries.SUPPORTED.stream().flatMap(query -> Stream.of(Arguments.of(query, 1.0), Arguments.of(query, 0.01)));
    }

    @ParameterizedTest(name = "Q{0} at SF {1}")
    @MethodSource("queries")
    void placementMatchesTheGoldenPlan(int query, double scaleFactor) {
        Pipeline pipeline = Pipeline.create("tpch-q" + query);
        TpchQueries.query(pipeline, query, scaleFactor).collect();
        String name = "tpch-q%d-sf%s".formatted(query, scaleFactor == 1.0 ? "1" : String.format(Locale.ROOT, "%s", scaleFactor));
        GoldenPlans.check(pipeline.plan(), name, GOLDEN);
    }
}
