package dev.weft.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestSparkMaster {
    @Test
    void defaultsToLocalWithTheParallelism() {
        SparkMaster master = SparkMaster.parse(Optional.empty(), 3);
        assertThat(master.url()).isEqualTo("local[3]");
        assertThat(master.local()).isTrue();
    }

    @Test
    void acceptsLocalForms() {
        assertThat(SparkMaster.parse(Optional.of("local"), 2).local()).isTrue();
        assertThat(SparkMaster.parse(Optional.of("local[*]"), 2).url()).isEqualTo("local[*]");
        assertThat(SparkMaster.parse(Optional.of(" local[4] "), 2).url()).isEqualTo("local[4]");
        assertThat(SparkMaster.parse(Optional.of(""), 2).url()).isEqualTo("local[2]");
    }

    @Test
    void parsesAStandaloneMaster() {
        SparkMaster master = SparkMaster.parse(Optional.of("spark://10.1.2.3:7077"), 2);
        assertThat(master.local()).isFalse();
        assertThat(master.host()).contains("10.1.2.3");
        assertThat(master.port()).isEqualTo(7077);
    }

    @Test
    void rejectsWhatIsNotAMaster() {
        for (String bad : new String[] {"lcoal[2]", "local[0]", "spark://host", "spark://host:99999", "http://host:7077"}) {
            assertThatThrownBy(() -> SparkMaster.parse(Optional.of(bad), 2))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessageContaining("weft.spark.master")
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> SparkMaster.parse(Optional.of("yarn"), 2)).hasMessageContaining("standalone");
    }

    @Test
    void anUnreachableMasterFailsFast() throws Exception {
        int port = SparkStandaloneCluster.freePort();
        SparkMaster master = SparkMaster.parse(Optional.of("spark://127.0.0.1:" + port), 2);
        long started = System.nanoTime();
        assertThatThrownBy(() -> master.checkReachable(5_000))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("not reachable")
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(System.nanoTime() - started).isLessThan(6_000_000_000L);
    }
}
