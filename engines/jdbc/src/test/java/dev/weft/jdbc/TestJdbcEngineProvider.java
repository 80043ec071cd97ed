package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Pipeline;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.JdbcCatalog;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.OperatorKinds;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Service registration, capabilities and the cost profile (parsed by the optimizer's strict reader). */
class TestJdbcEngineProvider {
    @Test
    void providerAndCatalogAreFoundByServiceLoader() {
        assertThat(ServiceLoader.load(EngineProvider.class).stream().map(p -> p.type().getName()).toList()).contains(JdbcEngineProvider.class.getName());
        assertThat(ServiceLoader.load(JdbcCatalog.class).stream().map(p -> p.type().getName()).toList()).contains(DatabaseCatalog.class.getName());
        JdbcEngineProvider provider = new JdbcEngineProvider();
        assertThat(provider.name()).isEqualTo("jdbc");
        assertThat(provider.artifact()).isEqualTo("dev.weft:weft-engine-jdbc");
        assertThat(provider.capabilities().bounded()).isTrue();
        assertThat(provider.capabilities().unbounded()).isFalse();
        assertThat(provider.capabilities().lambdas()).isFalse();
    }

    @Test
    void costProfileCoversEveryKindTheEngineRuns() {
        JdbcEngineProvider provider = new JdbcEngineProvider();
        CostProfile profile = CostProfiles.fromResource(getClass().getClassLoader(), provider.costProfileResource(), provider.name()).orElseThrow();
        assertThat(profile.engine()).isEqualTo("jdbc");
        CostProfiles.checkCovers(profile, OperatorKinds.supportedBy(provider.capabilities()));
        // the point of pushdown: a row filtered in the server costs far less than a row shipped out through the cursor
        assertThat(profile.operators().get("filter").nanosPerRecord()).isLessThan(profile.operators().get("collect-sink").nanosPerRecord() / 10);
    }

    @Test
    void theEngineIsUsableOnlyWithADatabaseToRunIn() {
        JdbcEngineProvider provider = new JdbcEngineProvider();
        Pipeline words = Pipeline.create("words");
        words.fromCollection(List.of("a b", "b"), String.class).flatMap(line -> List.of(line.split(" ")), String.class).collect();
        assertThat(provider.usableFor(words.plan(), Map.of())).as("no JDBC table, no weft.jdbc.url").isFalse();
        assertThat(provider.usableFor(words.plan(), Map.of("weft.jdbc.url", "jdbc:postgresql://db/x"))).isTrue();

        Pipeline table = Pipeline.create("table");
        table.readJdbc(JdbcDataSource.of("jdbc:postgresql://db/x"), "t", new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)))))
                .collect();
        assertThat(provider.usableFor(table.plan(), Map.of())).isTrue();
    }
}
