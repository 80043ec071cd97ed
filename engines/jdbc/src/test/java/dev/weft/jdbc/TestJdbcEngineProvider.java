package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.JdbcCatalog;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.OperatorKinds;
import java.util.ServiceLoader;
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
}
