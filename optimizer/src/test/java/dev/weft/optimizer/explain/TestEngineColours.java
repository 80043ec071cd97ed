package dev.weft.optimizer.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestEngineColours {
    @Test
    void knownEnginesHaveFixedColours() {
        assertThat(EngineColours.fill("java")).isEqualTo("#f9c74f");
        assertThat(EngineColours.fill("spark")).isEqualTo("#f28482");
        assertThat(List.of("java", "spark", "flink", "jdbc", "kafka").stream().map(EngineColours::fill).distinct()).hasSize(5);
    }

    @Test
    void otherEnginesAlwaysGetTheSameColour() {
        assertThat(EngineColours.fill("cluster")).isEqualTo(EngineColours.fill(new String("cluster")));
        assertThat(EngineColours.fill("cluster")).isEqualTo("#a0c4ff");
        assertThat(EngineColours.fill("local")).isEqualTo("#b5e48c");
    }

    @Test
    void theFakeTestEnginesAreTellApart() {
        assertThat(List.of("local", "cluster", "stream", "sql", "twin", "java").stream().map(EngineColours::fill).distinct()).hasSize(6);
    }

    @Test
    void unknownEngineIsGreyAndStrokesAreDarker() {
        assertThat(EngineColours.fill("?")).isEqualTo(EngineColours.UNKNOWN);
        assertThat(EngineColours.stroke("java")).matches("#[0-9a-f]{6}");
        int fill = Integer.parseInt(EngineColours.fill("java").substring(1), 16);
        int stroke = Integer.parseInt(EngineColours.stroke("java").substring(1), 16);
        assertThat(stroke >> 16 & 0xff).isLessThan(fill >> 16 & 0xff);
    }
}
