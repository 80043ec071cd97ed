package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft calibrate --quick}: a profile file the driver then uses (a few seconds: it really measures). */
class TestCalibrateCommand {
    private static final Path SAMPLE = Path.of("..", "examples", "data", "sample.txt");

    @TempDir
    Path directory;

    @Test
    void quickCalibrationWritesAProfileThatExplainThenUses() throws IOException {
        Path output = directory.resolve("profiles.json");
        // another engine's profile already in the file is kept
        CostProfile shipped = CostProfiles.fromResource(getClass().getClassLoader(), "META-INF/weft/cost-profiles/java.json", "java").orElseThrow();
        CostProfile other = new CostProfile("other", "test", shipped.process(), shipped.startUp(), shipped.parallelism(), shipped.operators(),
                shipped.channels(), shipped.calibration());
        Files.writeString(output, CostProfiles.write(List.of(other)));

        Result calibrated = run("calibrate", "--quick", "--engines", "java", "--output", output.toString(), "--parallelism", "2");

        assertThat(calibrated.status()).as("stderr: %s", calibrated.stderr()).isZero();
        assertThat(calibrated.stderr()).contains("weft: calibrate: calibrating [java]");
        assertThat(calibrated.stdout())
                .contains("engine", "figure", "method")
                .contains("start-up cold", "channel flight", "channel in-process", "map", "join")
                .contains("measured", "derived")
                .contains("wrote the cost profiles of [java] to " + output)
                .contains("kept the profiles of [other]")
                .contains("weft.cost.profile=" + output);
        List<CostProfile> profiles = CostProfiles.read(output);
        assertThat(profiles).extracting(CostProfile::engine).containsExactlyInAnyOrder("java", "other");
        CostProfile java = profiles.stream().filter(p -> p.engine().equals("java")).findFirst().orElseThrow();
        assertThat(java.parallelism()).isEqualTo(2);
        assertThat(java.operators().keySet()).isEqualTo(shipped.operators().keySet());
        assertThat(java.calibration().method()).contains("weft calibrate", "median");

        Path config = directory.resolve("weft.properties");
        Files.writeString(config, "weft.cost.profile=" + output.toString().replace("\\", "/") + "\n");
        Result explained = run("explain", "wordcount", "--input", SAMPLE.toString(), "--config", config.toString());

        assertThat(explained.status()).as("stderr: %s", explained.stderr()).isZero();
        assertThat(explained.stdout()).contains(output.toString());
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, stdout, stderr);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String stdout, String stderr) {}
}
