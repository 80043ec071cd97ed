package dev.weft.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.optimizer.cost.CostProfile.Calibration;
import dev.weft.optimizer.cost.CostProfile.ChannelCost;
import dev.weft.optimizer.cost.CostProfile.EngineProcess;
import dev.weft.optimizer.cost.CostProfile.OperatorCost;
import dev.weft.optimizer.cost.CostProfile.StartUp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCostProfiles {
    private static final String FAKE_ENGINES = "profiles/fake-engines.json";
    private static final String ORIGIN = "test.json";

    /** A valid one-profile file; the bad-input tests change one thing in it. */
    private static final String VALID = """
            {
              "format": 1,
              "profiles": [
                {
                  "engine": "java",
                  "process": "driver",
                  "parallelism": 2,
                  "start-up": { "cold-ms": 35.0, "warm-ms": 0.6 },
                  "operators": {
                    "map": { "ns-per-record": 55.0, "ns-per-byte": 0.0 },
                    "flat-map": { "ns-per-record": 80.5, "ns-per-byte": 0.25 }
                  },
                  "channels": {
                    "in-process": { "ns-per-byte-out": 0.01, "ns-per-byte-in": 0.01, "setup-ms": 0.05 },
                    "flight": { "ns-per-byte-out": 1.2, "ns-per-byte-in": 1.0, "setup-ms": 4.0 }
                  },
                  "calibration": { "machine": "Debian, OpenJDK 17, 2 cores", "cores": 2, "date": "2026-11-21", "method": "weft calibrate" }
                }
              ]
            }
            """;

    @Test
    void parsesEveryField() {
        List<CostProfile> profiles = CostProfiles.parse(VALID, ORIGIN);

        assertThat(profiles).containsExactly(new CostProfile("java", ORIGIN, EngineProcess.DRIVER, new StartUp(35.0, 0.6), 2,
                Map.of("map", new OperatorCost(55.0, 0.0), "flat-map", new OperatorCost(80.5, 0.25)),
                Map.of("in-process", new ChannelCost(0.01, 0.01, 0.05), "flight", new ChannelCost(1.2, 1.0, 4.0)),
                new Calibration("Debian, OpenJDK 17, 2 cores", 2, "2026-11-21", "weft calibrate")));
    }

    @Test
    void writtenProfilesParseBackEqual() {
        List<CostProfile> profiles = CostProfiles.parse(VALID, ORIGIN);

        String written = CostProfiles.write(profiles);

        assertThat(CostProfiles.parse(written, ORIGIN)).isEqualTo(profiles);
        assertThat(CostProfiles.write(CostProfiles.parse(written, "other"))).isEqualTo(written);
        assertThat(written).contains("\"format\": 1").doesNotContain(" : ").doesNotContain("\r");
        assertThat(written.indexOf("\"map\"")).isLessThan(written.indexOf("\"flat-map\""));  // plan-model order
    }

    @Test
    void writesAwkwardNumbersExactly() {
        CostProfile profile = new CostProfile("odd-1", "code", EngineProcess.HOST, new StartUp(0.1 + 0.2, 1e-9), 64,
                Map.of("sort", new OperatorCost(1.0 / 3, 12345678.901)), Map.of(), new Calibration("m \"quoted\" \\ ü", 1, "2026-01-02", "hand"));

        assertThat(CostProfiles.parse(CostProfiles.write(List.of(profile)), "code")).containsExactly(profile);
    }

    @Test
    void fakeEnginesHaveTheDocumentedShape() {
        CostProfile local = CostProfiles.fromResource(getClass().getClassLoader(), FAKE_ENGINES, "local").orElseThrow();
        CostProfile cluster = CostProfiles.fromResource(getClass().getClassLoader(), FAKE_ENGINES, "cluster").orElseThrow();
        CostProfile stream = CostProfiles.fromResource(getClass().getClassLoader(), FAKE_ENGINES, "stream").orElseThrow();
        CostProfile sql = CostProfiles.fromResource(getClass().getClassLoader(), FAKE_ENGINES, "sql").orElseThrow();

        assertThat(local.origin()).isEqualTo("classpath:" + FAKE_ENGINES);
        assertThat(List.of(local.process(), cluster.process(), stream.process(), sql.process()))
                .containsExactly(EngineProcess.DRIVER, EngineProcess.HOST, EngineProcess.HOST, EngineProcess.DRIVER);
        assertThat(List.of(local.parallelism(), cluster.parallelism(), stream.parallelism(), sql.parallelism())).containsExactly(1, 16, 4, 4);
        assertThat(local.startUp()).isEqualTo(new StartUp(1, 0.5));
        assertThat(cluster.startUp()).isEqualTo(new StartUp(4000, 50));
        assertThat(stream.startUp().coldMillis()).isEqualTo(2000);
        assertThat(sql.startUp().coldMillis()).isEqualTo(5);
        assertThat(local.operator("map").nanosPerRecord()).isEqualTo(100);
        assertThat(cluster.operator("map").nanosPerRecord()).isEqualTo(150);
        for (CostProfile profile : List.of(local, cluster, stream)) {
            CostProfiles.checkCovers(profile, OperatorKinds.all());
        }
        assertThat(sql.operators().keySet()).containsExactlyInAnyOrder("collection-source", "csv-file-source", "tpch-source",
                "filter", "project", "aggregate", "join", "sort", "limit", "top-k", "collect-sink");
        assertThat(local.channels().keySet()).containsExactlyInAnyOrder(Channels.IN_PROCESS, Channels.FLIGHT);
        assertThat(cluster.channels().keySet()).containsExactly(Channels.FLIGHT);
        assertThat(stream.channels().keySet()).containsExactly(Channels.FLIGHT);
        assertThat(sql.channels().keySet()).containsExactlyInAnyOrder(Channels.IN_PROCESS, Channels.FLIGHT, Channels.JDBC_BULK_LOAD);
    }

    @Test
    void fromResourceIsEmptyWithoutTheResourceAndRefusesAResourceWithoutTheEngine() {
        ClassLoader loader = getClass().getClassLoader();

        assertThat(CostProfiles.fromResource(loader, "profiles/none.json", "java")).isEmpty();
        assertRefused(() -> CostProfiles.fromResource(loader, FAKE_ENGINES, "spark"))
                .hasMessageContaining("classpath:" + FAKE_ENGINES)
                .hasMessageContaining("no profile for engine 'spark'")
                .hasMessageContaining("[local, cluster, stream, sql]");
    }

    @Test
    void readsAFileWithItsPathAsOrigin(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("cost-profile.json");
        Files.writeString(file, VALID, StandardCharsets.UTF_8);

        assertThat(CostProfiles.read(file)).singleElement().satisfies(profile -> assertThat(profile.origin()).isEqualTo(file.toString()));
        assertThatThrownBy(() -> CostProfiles.read(directory.resolve("missing.json")))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining(directory.resolve("missing.json").toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void shippedJavaProfileParsesAndCoversEveryKind() {
        Path file = Path.of("../engines/java/src/main/resources/META-INF/weft/cost-profiles/java.json");
        assumeThat(Files.exists(file)).as("run from the optimizer module inside the repository").isTrue();

        CostProfile java = CostProfiles.read(file).get(0);

        assertThat(java.engine()).isEqualTo("java");
        assertThat(java.process()).isEqualTo(EngineProcess.DRIVER);
        assertThat(java.channels().keySet()).containsExactlyInAnyOrder(Channels.IN_PROCESS, Channels.FLIGHT);
        CostProfiles.checkCovers(java, OperatorKinds.all());
    }

    @Test
    void checkCoversNamesTheMissingKinds() {
        CostProfile profile = CostProfiles.parse(VALID, ORIGIN).get(0);

        CostProfiles.checkCovers(profile, List.of("map", "flat-map"));
        assertRefused(() -> CostProfiles.checkCovers(profile, List.of("map", "sort", "join")))
                .hasMessageContaining("engine 'java' (test.json)")
                .hasMessageContaining("\"operators\".\"sort\", \"operators\".\"join\"")
                .hasMessageContaining("weft calibrate --engines java");
    }

    @Test
    void keyTypoIsAnErrorNamingPathAndSuggestion() {
        assertInvalid(VALID.replace("\"ns-per-byte-out\": 1.2", "\"ns-per-byte-ot\": 1.2"), "profiles[0].channels.flight.ns-per-byte-ot")
                .hasMessageContaining("is not a known key")
                .hasMessageContaining("did you mean \"ns-per-byte-out\"");
        assertInvalid(VALID.replace("\"channels\":", "\"channel\":"), "profiles[0].channel")
                .hasMessageContaining("did you mean \"channels\"");
        assertInvalid(VALID.replace("\"format\": 1,", "\"format\": 1, \"network\": {},"), "network is not a known key");
    }

    @Test
    void missingKeyIsAnError() {
        assertInvalid(VALID.replace(", \"warm-ms\": 0.6", ""), "profiles[0].start-up.warm-ms is missing");
        assertInvalid(VALID.replace("\"parallelism\": 2,", ""), "profiles[0].parallelism is missing");
        assertInvalid(VALID.replace(", \"setup-ms\": 4.0", ""), "profiles[0].channels.flight.setup-ms is missing");
        assertInvalid("{\"profiles\": []}", "format is missing");
    }

    @Test
    void wrongTypeIsAnError() {
        assertInvalid(VALID.replace("\"parallelism\": 2", "\"parallelism\": \"2\""), "profiles[0].parallelism must be a whole number, got the string \"2\"");
        assertInvalid(VALID.replace("\"parallelism\": 2", "\"parallelism\": 2.5"), "profiles[0].parallelism must be a whole number, got 2.5");
        assertInvalid(VALID.replace("\"ns-per-record\": 55.0", "\"ns-per-record\": \"55\""), "profiles[0].operators.map.ns-per-record must be a number");
        assertInvalid(VALID.replace("\"engine\": \"java\"", "\"engine\": 7"), "profiles[0].engine must be a string, got the number 7");
        assertInvalid(VALID.replace("\"start-up\": { \"cold-ms\": 35.0, \"warm-ms\": 0.6 }", "\"start-up\": 35"), "profiles[0].start-up must be a JSON object");
        assertInvalid(VALID.replace("\"cores\": 2", "\"cores\": null"), "profiles[0].calibration.cores must be a whole number, got null");
        assertInvalid("[]", "(root) must be a JSON object, got an array");
        assertInvalid("{\"format\": 1, \"profiles\": {}}", "profiles must be an array");
    }

    @Test
    void negativeOrOutOfRangeNumberIsAnError() {
        assertInvalid(VALID.replace("\"ns-per-byte\": 0.25", "\"ns-per-byte\": -0.25"), "profiles[0].operators.flat-map.ns-per-byte is -0.25 but must not be negative");
        assertInvalid(VALID.replace("\"cold-ms\": 35.0", "\"cold-ms\": -1"), "profiles[0].start-up.cold-ms is -1 but must not be negative");
        assertInvalid(VALID.replace("\"parallelism\": 2", "\"parallelism\": 0"), "profiles[0].parallelism is 0 but must be at least 1");
        assertInvalid(VALID.replace("\"setup-ms\": 4.0", "\"setup-ms\": 1e400"), "profiles[0].channels.flight.setup-ms is");
        assertInvalid(VALID.replace("\"parallelism\": 2", "\"parallelism\": 99999999999"), "profiles[0].parallelism is 99999999999, too large");
    }

    @Test
    void unknownOperatorKindOrChannelIsAnError() {
        assertInvalid(VALID.replace("\"flat-map\":", "\"flatmap\":"), "profiles[0].operators.flatmap is not an operator kind")
                .hasMessageContaining("did you mean \"flat-map\"");
        assertInvalid(VALID.replace("\"flight\":", "\"grpc\":"), "profiles[0].channels.grpc is not a channel name")
                .hasMessageContaining(Channels.all().toString());
    }

    @Test
    void duplicateEngineOrKeyIsAnError() {
        String profile = VALID.substring(VALID.indexOf('{', VALID.indexOf('[')), VALID.lastIndexOf(']')).strip();
        String twice = "{\"format\": 1, \"profiles\": [%s, %s]}".formatted(profile, profile);

        assertInvalid(twice, "profiles[1].engine repeats engine 'java' (already in profiles[0])");
        assertInvalid(VALID.replace("\"parallelism\": 2,", "\"parallelism\": 2, \"parallelism\": 3,"), "parallelism");
    }

    @Test
    void emptyProfilesNotJsonAndOtherBadFilesAreErrors() {
        assertInvalid("{\"format\": 1, \"profiles\": []}", "profiles is empty");
        assertInvalid("{ \"format\": 1, ", "cannot be parsed as JSON").hasMessageContaining("line 1");
        assertInvalid("format = 1", "cannot be parsed as JSON");
        assertInvalid("", "(root) is empty");
        assertInvalid(VALID + "{}", "cannot be parsed as JSON");
        assertInvalid(VALID.replace("\"format\": 1", "\"format\": 2"), "format is 2 but this version of Weft reads format 1");
        assertInvalid(VALID.replace("\"driver\"", "\"cloud\""), "profiles[0].process is \"cloud\"; use \"driver\"");
        assertInvalid(VALID.replace("2026-11-21", "21.11.2026"), "profiles[0].calibration.date is \"21.11.2026\", not a date");
        assertInvalid(VALID.replace("\"engine\": \"java\"", "\"engine\": \"Java Engine\""), "profiles[0].engine is \"Java Engine\"");
        assertInvalid(VALID.replace("\"method\": \"weft calibrate\"", "\"method\": \" \""), "profiles[0].calibration.method is blank");
    }

    @Test
    void writeRefusesWhatParseWouldRefuse() {
        CostProfile profile = new CostProfile("java", "code", EngineProcess.DRIVER, new StartUp(1, 1), 1,
                Map.of("no-such-kind", new OperatorCost(1, 0)), Map.of(), new Calibration("m", 1, "2026-01-01", "hand"));

        assertRefused(() -> CostProfiles.write(List.of(profile))).hasMessageContaining("operators.no-such-kind is not an operator kind");
    }

    @Test
    void suggestionsOnlyForCloseKeys() {
        assertThat(CostProfiles.suggestion("cold", Set.of("cold-ms", "warm-ms"))).isEqualTo(" (did you mean \"cold-ms\"?)");
        assertThat(CostProfiles.suggestion("network", Set.of("cold-ms", "warm-ms"))).isEmpty();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String json, String message) {
        return assertRefused(() -> CostProfiles.parse(json, ORIGIN))
                .hasMessageStartingWith("cost profile " + ORIGIN)
                .hasMessageContaining(message);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_COST_PROFILE));
    }
}
