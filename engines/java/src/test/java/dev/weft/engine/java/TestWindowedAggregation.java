package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.Window;
import dev.weft.api.types.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestWindowedAggregation extends EngineTestBase {
    record Click(Instant time, String page, long clicks) {}

    private static final List<Click> CLICKS = List.of(
            new Click(Instant.ofEpochSecond(1), "home", 1),
            new Click(Instant.ofEpochSecond(4), "home", 2),
            new Click(Instant.ofEpochSecond(5), "home", 4),
            new Click(Instant.ofEpochSecond(9), "about", 8),
            new Click(Instant.ofEpochSecond(12), "home", 16));

    @Test
    void tumblingWindows() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(CLICKS, Click.class)
                .withWatermark("time", Duration.ofSeconds(1))
                .groupBy("page")
                .window(Window.tumbling(Duration.ofSeconds(5)))
                .aggregate(sum("clicks").as("clicks"))
                .sort(asc("window_start"), asc("page"))
                .collect();

        assertThat(collect(pipeline, out)).extracting(r -> r.getTimestamp("window_start").getEpochSecond() + "-"
                        + r.getTimestamp("window_end").getEpochSecond() + " " + r.getString("page") + " " + r.getLong("clicks"))
                .containsExactly("0-5 home 3", "5-10 about 8", "5-10 home 4", "10-15 home 16");
    }

    @Test
    void slidingWindowsCountAnEventInEveryWindowThatCoversIt() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(CLICKS, Click.class)
                .withWatermark("time", Duration.ofSeconds(1))
                .groupBy(new String[0])
                .window(Window.sliding(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .aggregate(sum("clicks").as("clicks"))
                .sort(asc("window_start"))
                .collect();

        assertThat(collect(pipeline, out)).extracting(r -> r.getTimestamp("window_start").getEpochSecond() + " " + r.getLong("clicks"))
                .containsExactly("-5 3", "0 15", "5 28", "10 16");
    }

    @Test
    void sessionWindowsAreNotSupported() {
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(CLICKS, Click.class)
                .withWatermark("time", Duration.ofSeconds(1))
                .groupBy("page")
                .window(Window.session(Duration.ofSeconds(3)))
                .aggregate(sum("clicks").as("clicks"))
                .collect();

        assertThatThrownBy(() -> run(pipeline))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION))
                .hasMessageContaining("session windows");
    }
}
