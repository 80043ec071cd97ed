package dev.weft.adaptive.calibrate;

import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.EngineRegistry;
import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.adaptive.calibrate.Measurement.Method;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.EngineProvider;
import dev.weft.optimizer.cost.Channels;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfile.Calibration;
import dev.weft.optimizer.cost.CostProfile.ChannelCost;
import dev.weft.optimizer.cost.CostProfile.EngineProcess;
import dev.weft.optimizer.cost.CostProfile.OperatorCost;
import dev.weft.optimizer.cost.CostProfile.StartUp;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.OperatorKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Measures the constants of engines' cost profiles on this machine ({@code weft calibrate}). Every figure is a median
 * of timed runs; what cannot be measured alone is derived by a rule written down in {@link OperatorProbes#DERIVED}.
 *
 * <p>Method, per engine (each on its own {@link Weft} with {@code weft.engine=<engine>}, the base configuration's
 * parallelism P):
 * <ul>
 *   <li><b>start-up</b>: S times, a fresh {@code Weft} is created and runs a tiny job ({@code generate(1) -> count});
 *       cold = that wall time minus the same tiny job's median time once the instance is warm; warm = the median of
 *       the tiny job on a warm instance. The cold figure is "a new engine in a running JVM": the very first sample of
 *       the process also pays JVM class loading and is reported in the progress but not kept.</li>
 *   <li><b>operators</b>: per kind the engine supports, a {@link Probe}: the operator's pipeline and its baseline
 *       (the same without the operator) each run W times untimed, then R times alternately, timed from submit to the
 *       end of the job. ns-per-record = {@code (median(measured) - median(baseline)) x P / records}, at least
 *       {@value OperatorProbes#FLOOR_NANOS_PER_RECORD} ns. Multiplying by P turns wall time on P workers into time on
 *       one core (it assumes the operator kept all P busy, which makes the figure an upper bound per core).
 *       ns-per-byte is 0: records, not bytes, are what the probes vary.</li>
 *   <li><b>channels</b> ({@link ChannelProbes}): measured once and written to each profile whose engine can use them:
 *       the channels of the engine's shipped profile ("in-process" only for engines in the driver process), or, when
 *       it ships none, "in-process" and "flight".</li>
 * </ul>
 * The engine's process ("driver" or "host") is taken from its shipped profile ({@link EngineProvider#costProfileResource()});
 * an engine that ships none is assumed to run in the driver. While measuring, the driver uses the engines' shipped
 * profiles, never a calibrated file (a broken one must not stop its own replacement); an engine that ships none gets a
 * neutral placeholder for the duration (its placement is forced by {@code weft.engine} anyway).
 */
public final class Calibrator {
    /** The engine process assumed when the engine ships no profile saying otherwise. */
    static final EngineProcess DEFAULT_PROCESS = EngineProcess.DRIVER;
    static final String IN_PROCESS = Channels.IN_PROCESS;
    static final String FLIGHT = Channels.FLIGHT;

    private final CalibrationSettings settings;
    private final Consumer<String> progress;
    private final List<Measurement> measurements = new ArrayList<>();
    private final int parallelism;

    private Calibrator(CalibrationSettings settings, Consumer<String> progress) {
        this.settings = requireNonNull(settings, "settings is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.parallelism = settings.base().parallelism();
    }

    /** The profiles of the requested engines (all found when none are named), measured on this machine. */
    public static List<CostProfile> calibrate(CalibrationSettings settings, Consumer<String> progress) {
        return run(settings, progress).profiles();
    }

    /** As {@link #calibrate}, with every figure's method and the time it took. */
    public static CalibrationResult run(CalibrationSettings settings, Consumer<String> progress) {
        long start = System.nanoTime();
        Calibrator calibrator = new Calibrator(settings, progress);
        List<CostProfile> profiles = calibrator.calibrateAll();
        return new CalibrationResult(profiles, calibrator.measurements, Duration.ofNanos(System.nanoTime() - start));
    }

    private List<CostProfile> calibrateAll() {
        EngineRegistry registry = EngineRegistry.load(Calibrator.class.getClassLoader());
        List<String> engines = settings.engines().isEmpty() ? List.copyOf(new TreeSet<>(registry.names())) : settings.engines();
        List<EngineProvider> providers = engines.stream().map(registry::provider).toList();
        progress.accept("calibrating %s on %s; %s".formatted(engines, machine(), settings.describe()));
        Path directory = createDirectory();
        try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE)) {
            Map<String, ChannelProbes.Measured> channels = measureChannels(allocator, directory);
            List<CostProfile> profiles = new ArrayList<>();
            for (EngineProvider provider : providers) {
                profiles.add(calibrate(provider, channels, directory));
            }
            return profiles;
        } finally {
            try {
                OperatorProbes.deleteRecursively(directory);
            } catch (IOException e) {
                progress.accept("could not delete the calibration's directory %s: %s".formatted(directory, e));
            }
        }
    }

    private Map<String, ChannelProbes.Measured> measureChannels(BufferAllocator allocator, Path directory) {
        Map<String, ChannelProbes.Measured> channels = new LinkedHashMap<>();
        try (ChannelProbes probes = new ChannelProbes(allocator, settings.channelMegabytes())) {
            progress.accept("channel in-process: moving %d bytes ...".formatted(probes.bytes()));
            channels.put(IN_PROCESS, probes.inProcess(settings.runs(), settings.warmUps()));
            progress.accept("channel flight: moving %d bytes over loopback ...".formatted(probes.bytes()));
            channels.put(FLIGHT, probes.flight(settings.runs(), settings.warmUps(), directory.resolve("flight-spill")));
        }
        for (Map.Entry<String, ChannelProbes.Measured> entry : channels.entrySet()) {
            ChannelProbes.Measured measured = entry.getValue();
            progress.accept("channel %s: %.3f ns/byte, set-up %.3f ms (%d bytes in %.1f ms, median of %d)".formatted(entry.getKey(),
                    measured.cost().nanosPerByteOut() + measured.cost().nanosPerByteIn(), measured.cost().setupMillis(),
                    measured.bytes(), measured.medianMillis(), settings.runs()));
        }
        return channels;
    }

    private CostProfile calibrate(EngineProvider provider, Map<String, ChannelProbes.Measured> channels, Path directory) {
        String engine = provider.name();
        Optional<CostProfile> shipped = CostProfiles.fromResource(provider.getClass().getClassLoader(), provider.costProfileResource(), engine);
        WeftConfig config = settings.base().toBuilder().engine(engine)
                .costProfile(shipped.isPresent() ? null : placeholder(provider, directory)).build();
        StartUp startUp = measureStartUp(engine, config);
        Map<String, OperatorCost> operators = measureOperators(provider, config, directory);
        EngineProcess process = shipped.map(CostProfile::process).orElse(DEFAULT_PROCESS);
        Map<String, ChannelCost> channelCosts = new LinkedHashMap<>();
        for (Map.Entry<String, ChannelProbes.Measured> entry : channels.entrySet()) {
            if (entry.getKey().equals(IN_PROCESS) && process != EngineProcess.DRIVER) {
                continue;
            }
            if (shipped.isPresent() && !shipped.get().channels().containsKey(entry.getKey())) {
                continue;
            }
            ChannelCost cost = entry.getValue().cost();
            channelCosts.put(entry.getKey(), cost);
            measurements.add(new Measurement(engine, "channel " + entry.getKey(), cost.nanosPerByteOut() + cost.nanosPerByteIn(), "ns/byte",
                    Method.MEASURED, "out %.4f + in %.4f ns/byte (the pass split evenly), set-up %.3f ms; %d bytes in %.1f ms (median)"
                    .formatted(cost.nanosPerByteOut(), cost.nanosPerByteIn(), cost.setupMillis(), entry.getValue().bytes(), entry.getValue().medianMillis())));
        }
        Calibration calibration = new Calibration(machine(), Runtime.getRuntime().availableProcessors(),
                LocalDate.now(ZoneOffset.UTC).toString(), "weft calibrate: " + settings.describe() + ", parallelism " + parallelism);
        return new CostProfile(engine, "weft calibrate", process, startUp, parallelism, operators, channelCosts, calibration);
    }

    private StartUp measureStartUp(String engine, WeftConfig config) {
        progress.accept("%s start-up: %d fresh drivers ...".formatted(engine, settings.startUpRuns()));
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        double first = Double.NaN;
        for (int i = 0; i < settings.startUpRuns() + 1; i++) {
            long start = System.nanoTime();
            try (Weft weft = Weft.create(config)) {
                time(weft, Calibrator::tinyJob);
                double coldMillis = (System.nanoTime() - start) / 1e6;
                List<Double> warmRuns = new ArrayList<>();
                for (int run = 0; run < settings.runs(); run++) {
                    warmRuns.add(time(weft, Calibrator::tinyJob));
                }
                double warmMillis = Medians.of(warmRuns);
                if (i == 0) {
                    first = coldMillis - warmMillis; // pays JVM class loading: reported, not kept
                    continue;
                }
                cold.add(Math.max(0, coldMillis - warmMillis));
                warm.add(warmMillis);
            }
        }
        StartUp startUp = new StartUp(Medians.of(cold), Medians.of(warm));
        measurements.add(new Measurement(engine, "start-up cold", startUp.coldMillis(), "ms", Method.MEASURED,
                "create + first tiny job - warm tiny job, median of %d fresh drivers (the first of the process, %.1f ms with class loading, not kept)"
                        .formatted(cold.size(), first)));
        measurements.add(new Measurement(engine, "start-up warm", startUp.warmMillis(), "ms", Method.MEASURED,
                "tiny job generate(1) -> count on a warm driver, median"));
        progress.accept("%s start-up: cold %.2f ms, warm %.3f ms (first in this JVM: %.1f ms)".formatted(engine, startUp.coldMillis(), startUp.warmMillis(), first));
        return startUp;
    }

    private Map<String, OperatorCost> measureOperators(EngineProvider provider, WeftConfig config, Path directory) {
        String engine = provider.name();
        List<String> kinds = supportedKinds(provider);
        Path probeDirectory = directory.resolve("probes-" + engine);
        createDirectories(probeDirectory);
        OperatorProbes probes = OperatorProbes.create(settings.records(), probeDirectory);
        Map<String, Probe> byKind = probes.all();
        Map<String, Double> measured = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        try (Weft weft = Weft.create(config)) {
            for (String kind : kinds) {
                Probe probe = byKind.get(kind);
                if (probe == null) {
                    continue;
                }
                try {
                    measured.put(kind, measure(engine, weft, probe));
                } catch (WeftException e) {
                    failures.put(kind, e.getMessage());
                    progress.accept("%s %s: the probe failed (%s); derived instead".formatted(engine, kind, e.getMessage()));
                } finally {
                    probes.deleteOutputs();
                }
            }
        }
        Map<String, OperatorCost> costs = new LinkedHashMap<>();
        for (String kind : kinds) {
            Double nanos = measured.get(kind);
            if (nanos == null) {
                nanos = derive(engine, kind, measured, failures.get(kind));
            }
            costs.put(kind, new OperatorCost(nanos, 0));
        }
        return costs;
    }

    private double measure(String engine, Weft weft, Probe probe) {
        for (int i = 0; i < settings.warmUps(); i++) {
            time(weft, probe.baseline());
            time(weft, probe.measured());
        }
        List<Double> baseline = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        for (int i = 0; i < settings.runs(); i++) {
            baseline.add(time(weft, probe.baseline()));
            measured.add(time(weft, probe.measured()));
        }
        double baselineMillis = Medians.of(baseline);
        double measuredMillis = Medians.of(measured);
        double nanos = (measuredMillis - baselineMillis) * 1e6 * parallelism / probe.records();
        boolean floored = nanos < OperatorProbes.FLOOR_NANOS_PER_RECORD;
        double value = floored ? OperatorProbes.FLOOR_NANOS_PER_RECORD : nanos;
        measurements.add(new Measurement(engine, probe.kind(), value, "ns/record", floored ? Method.FLOORED : Method.MEASURED,
                "%s; medians %.2f ms vs %.2f ms, %d records, P=%d%s".formatted(probe.shape(), measuredMillis, baselineMillis,
                        probe.records(), parallelism, floored ? "; difference %.3f ns/record, below the floor".formatted(nanos) : "")));
        progress.accept("%s %s: %.2f ns/record (%.2f ms vs %.2f ms)".formatted(engine, probe.kind(), value, measuredMillis, baselineMillis));
        return value;
    }

    private double derive(String engine, String kind, Map<String, Double> measured, String failure) {
        OperatorProbes.Derivation rule = OperatorProbes.DERIVED.getOrDefault(kind,
                new OperatorProbes.Derivation("map", "no probe for this kind: taken as equal to map"));
        if (failure != null) {
            rule = new OperatorProbes.Derivation("map", "the probe failed (%s): taken as equal to map".formatted(failure));
        }
        double value = OperatorProbes.FLOOR_NANOS_PER_RECORD;
        if (!rule.from().isEmpty() && measured.containsKey(rule.from())) {
            value = measured.get(rule.from());
        }
        measurements.add(new Measurement(engine, kind, value, "ns/record", failure != null ? Method.FAILED : Method.DERIVED, rule.reason()));
        return value;
    }

    /** Milliseconds from submit to the end of the job the builder adds to a new pipeline. */
    private static double time(Weft weft, Consumer<Pipeline> builder) {
        Pipeline pipeline = Pipeline.create("calibration");
        builder.accept(pipeline);
        long start = System.nanoTime();
        JobHandle job = weft.submit(pipeline);
        job.await();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void tinyJob(Pipeline pipeline) {
        pipeline.generate(1, 0).count().collect();
    }

    /** The kinds the engine's capabilities cover, in the order of {@link OperatorKinds#all()}. */
    static List<String> supportedKinds(EngineProvider provider) {
        return OperatorKinds.supportedBy(provider.capabilities());
    }

    /**
     * A cost-profile file with neutral figures (1 ns per record, no start-up) for an engine that ships no profile,
     * so that the driver can place the calibration's jobs on it; never written anywhere but the calibration's directory.
     */
    private static Path placeholder(EngineProvider provider, Path directory) {
        Map<String, OperatorCost> operators = new LinkedHashMap<>();
        supportedKinds(provider).forEach(kind -> operators.put(kind, new OperatorCost(1, 0)));
        CostProfile profile = new CostProfile(provider.name(), "placeholder", DEFAULT_PROCESS, new StartUp(0, 0), 1, operators,
                Map.of(IN_PROCESS, new ChannelCost(1, 1, 0), FLIGHT, new ChannelCost(1, 1, 0)),
                new Calibration("none", 1, "none", "placeholder for the calibration's own jobs"));
        Path file = directory.resolve("placeholder-" + provider.name() + ".json");
        try {
            Files.writeString(file, CostProfiles.write(List.of(profile)));
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot write %s: %s".formatted(file, e), e);
        }
        return file;
    }

    /** "Linux 6.1 amd64, OpenJDK 64-Bit Server VM 17.0.12, 2 cores". */
    static String machine() {
        return "%s %s %s, %s %s, %d cores".formatted(System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
    }

    private Path createDirectory() {
        try {
            return Files.createTempDirectory("weft-calibrate");
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot create a temporary directory for the calibration: %s".formatted(e), e);
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot create %s: %s".formatted(directory, e), e);
        }
    }
}
