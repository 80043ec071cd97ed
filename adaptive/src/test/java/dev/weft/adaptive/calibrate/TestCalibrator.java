package dev.weft.adaptive.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.adaptive.WeftConfig;
import dev.weft.adaptive.calibrate.Measurement.Method;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfile.EngineProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TestCalibrator {
    /** Smaller than --quick: the machinery end to end in a few seconds; the numbers mean nothing. */
    private static CalibrationSettings tiny() {
        return new CalibrationSettings(List.of("java"), WeftConfig.defaults().toBuilder().parallelism(2).build(), 2_000, 1, 0, 1, 1);
    }

    @Test
    void measuresEveryKindTheJavaEngineSupportsWithItsMethod() {
        List<String> progress = new ArrayList<>();
        CalibrationResult result = Calibrator.run(tiny(), progress::add);

        assertThat(result.profiles()).hasSize(1);
        CostProfile profile = result.profiles().get(0);
        assertThat(profile.engine()).isEqualTo("java");
        assertThat(profile.process()).isEqualTo(EngineProcess.DRIVER);
        assertThat(profile.parallelism()).isEqualTo(2);
        assertThat(profile.channels()).containsOnlyKeys("in-process", "flight");
        assertThat(profile.calibration().method()).contains("weft calibrate", "N=2000", "median of 1");
        assertThat(profile.calibration().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());

        // every kind of the engine's capabilities has a figure, none below the floor
        Set<String> kinds = Set.copyOf(Calibrator.supportedKinds(new dev.weft.engine.java.JavaEngineProvider()));
        assertThat(profile.operators().keySet()).isEqualTo(kinds);
        assertThat(profile.operators().values()).allSatisfy(cost ->
                assertThat(cost.nanosPerRecord()).isGreaterThanOrEqualTo(OperatorProbes.FLOOR_NANOS_PER_RECORD));

        // each kind is reported once, measured or derived by a written rule; no probe failed on the Java engine
        List<Measurement> operators = result.measurements().stream().filter(m -> kinds.contains(m.subject())).toList();
        assertThat(operators).extracting(Measurement::subject).doesNotHaveDuplicates().hasSize(kinds.size());
        assertThat(operators).noneMatch(m -> m.method() == Method.FAILED);
        assertThat(operators.stream().filter(m -> m.method() == Method.DERIVED).map(Measurement::subject).collect(Collectors.toSet()))
                .isEqualTo(OperatorProbes.DERIVED.keySet());
        assertThat(result.measurements()).anyMatch(m -> m.subject().equals("start-up cold") && m.method() == Method.MEASURED);
        assertThat(result.measurements()).anyMatch(m -> m.subject().equals("channel flight") && m.unit().equals("ns/byte"));
        assertThat(progress).anyMatch(line -> line.startsWith("calibrating [java]"));
    }

    @Test
    void anUnknownEngineIsAnErrorNamingIt() {
        CalibrationSettings settings = new CalibrationSettings(List.of("nope"), WeftConfig.defaults(), 2_000, 1, 0, 1, 1);
        assertThatThrownBy(() -> Calibrator.calibrate(settings, line -> { }))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("nope")
                .extracting(e -> ((WeftException) e).errorCode()).isEqualTo(ErrorCode.NO_ENGINE);
    }

    @Test
    void settingsRefuseNonsense() {
        assertThatThrownBy(() -> new CalibrationSettings(List.of(), WeftConfig.defaults(), 10, 1, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("records");
        assertThatThrownBy(() -> new CalibrationSettings(List.of(), WeftConfig.defaults(), 1000, 0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mediansAreRobustToOneSlowRun() {
        assertThat(Medians.of(List.of(1.0, 100.0, 2.0))).isEqualTo(2.0);
        assertThat(Medians.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }
}
