package dev.weft.optimizer.cost;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.api.EditDistance;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.optimizer.cost.CostProfile.Calibration;
import dev.weft.optimizer.cost.CostProfile.ChannelCost;
import dev.weft.optimizer.cost.CostProfile.EngineProcess;
import dev.weft.optimizer.cost.CostProfile.OperatorCost;
import dev.weft.optimizer.cost.CostProfile.StartUp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and writes cost-profile files. One file holds one or more profiles:
 * <pre>{@code
 * {
 *   "format": 1,
 *   "profiles": [
 *     {
 *       "engine": "java",
 *       "process": "driver",                                   // "driver" | "host"
 *       "parallelism": 2,                                      // whole number >= 1
 *       "start-up": { "cold-ms": 35.0, "warm-ms": 0.6 },
 *       "operators": { "map": { "ns-per-record": 55.0, "ns-per-byte": 0.0 }, ... },     // keys: OperatorKinds.all()
 *       "channels": { "flight": { "ns-per-byte-out": 1.2, "ns-per-byte-in": 1.0, "setup-ms": 4.0 }, ... }, // keys: Channels.all()
 *       "calibration": { "machine": "...", "cores": 2, "date": "2026-11-21", "method": "weft calibrate" }
 *     }
 *   ]
 * }
 * }</pre>
 * The parser is strict, so that a typo can never silently drop a cost (Wayang lost its network cost to a misspelt
 * key): every key above is required, no other key is allowed, numbers must be finite and not negative, counts whole,
 * operator kinds and channel names must be known, an engine appears once per file and a key once per object. Every
 * error is a {@link WeftException} with {@link ErrorCode#INVALID_COST_PROFILE} naming the origin (file or resource)
 * and the JSON path, e.g. {@code profiles[0].operators.flat-map.ns-per-record}.
 */
public final class CostProfiles {
    /** The only format version this parser reads and writes. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Engine names as {@code dev.weft.api.Engine} accepts them. */
    private static final Pattern ENGINE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> ROOT_KEYS = Set.of("format", "profiles");
    private static final Set<String> PROFILE_KEYS = Set.of("engine", "process", "parallelism", "start-up", "operators",
            "channels", "calibration");
    private static final Set<String> START_UP_KEYS = Set.of("cold-ms", "warm-ms");
    private static final Set<String> OPERATOR_KEYS = Set.of("ns-per-record", "ns-per-byte");
    private static final Set<String> CHANNEL_KEYS = Set.of("ns-per-byte-out", "ns-per-byte-in", "setup-ms");
    private static final Set<String> CALIBRATION_KEYS = Set.of("machine", "cores", "date", "method");

    private CostProfiles() {
    }

    /**
     * The profiles of a cost-profile file's text, in file order. Unknown or missing key, wrong type, negative number,
     * unknown operator kind or channel name, duplicate engine, no profile at all, or text that is not JSON:
     * WeftException(INVALID_COST_PROFILE) naming origin and JSON path.
     *
     * @param origin where the text comes from (a file path, "classpath:..."), used in messages and kept in each profile
     */
    public static List<CostProfile> parse(String json, String origin) {
        requireNonNull(json, "json is null");
        requireNonNull(origin, "origin is null");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new WeftException(ErrorCode.INVALID_COST_PROFILE, "cost profile %s cannot be parsed as JSON: %s; fix the file or regenerate it with 'weft calibrate'"
                    .formatted(origin, e.getOriginalMessage() + location(e)), e);
        }
        return new Reader(origin).profiles(root);
    }

    /** The profiles of a file; the origin is the file's path. */
    public static List<CostProfile> read(Path file) {
        requireNonNull(file, "file is null");
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new WeftException(ErrorCode.INVALID_COST_PROFILE, "cost profile file %s does not exist; check the path (weft.cost.profile) or create it with 'weft calibrate --output %s'"
                    .formatted(file, file), e);
        } catch (IOException | UncheckedIOException e) {
            throw new WeftException(ErrorCode.INVALID_COST_PROFILE, "cannot read cost profile file %s: %s; check that it is a readable UTF-8 text file"
                    .formatted(file, e.getMessage()), e);
        }
        return parse(json, file.toString());
    }

    /**
     * The profile of the engine from a classpath resource (origin {@code "classpath:<resource>"}); empty if the
     * resource does not exist. A resource that exists but holds no profile for the engine is an error.
     */
    public static Optional<CostProfile> fromResource(ClassLoader loader, String resource, String engine) {
        requireNonNull(loader, "loader is null");
        requireNonNull(resource, "resource is null");
        requireNonNull(engine, "engine is null");
        URL url = loader.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        String origin = "classpath:" + resource;
        String json;
        try (InputStream in = url.openStream()) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.INVALID_COST_PROFILE, "cannot read cost profile %s (%s): %s; check the engine's jar"
                    .formatted(origin, url, e.getMessage()), e);
        }
        List<CostProfile> profiles = parse(json, origin);
        return Optional.of(profiles.stream()
                .filter(profile -> profile.engine().equals(engine))
                .findFirst()
                .orElseThrow(() -> new WeftException(ErrorCode.INVALID_COST_PROFILE, "cost profile %s has no profile for engine '%s' (it has %s); add one or run 'weft calibrate --engines %s'"
                        .formatted(origin, engine, profiles.stream().map(CostProfile::engine).toList(), engine))));
    }

    /**
     * Pretty JSON (two-space indent, "\n" line ends, operators and channels in the order of {@link OperatorKinds#all()}
     * and {@link Channels#all()}) that {@link #parse} reads back equal (except for the origin, which is not written).
     * A profile this parser would refuse (an unknown operator kind or channel name) is refused here too.
     */
    public static String write(List<CostProfile> profiles) {
        requireNonNull(profiles, "profiles is null");
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("format", FORMAT);
        ArrayNode array = root.putArray("profiles");
        for (CostProfile profile : profiles) {
            array.add(profileNode(profile, nodes));
        }
        new Reader("(written)").profiles(root);  // the same checks as parse: never write what cannot be read back
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter);
        printer.indentArraysWith(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write cost profiles as JSON", e);
        }
    }

    /**
     * Checks that the profile has an entry for every kind the engine can run (e.g. {@link OperatorKinds#supportedBy});
     * otherwise WeftException(INVALID_COST_PROFILE) naming the origin and the missing keys.
     */
    public static void checkCovers(CostProfile profile, Collection<String> kinds) {
        requireNonNull(profile, "profile is null");
        requireNonNull(kinds, "kinds is null");
        List<String> missing = kinds.stream().filter(kind -> !profile.operators().containsKey(kind)).distinct().toList();
        if (!missing.isEmpty()) {
            String keys = missing.stream().map(kind -> "\"operators\".\"%s\"".formatted(kind)).collect(Collectors.joining(", "));
            throw new WeftException(ErrorCode.INVALID_COST_PROFILE, "cost profile of engine '%s' (%s) lacks %s although the engine can run %s; add the missing entries or run 'weft calibrate --engines %s'"
                    .formatted(profile.engine(), profile.origin(), keys, missing.size() == 1 ? "that kind" : "those kinds", profile.engine()));
        }
    }

    private static ObjectNode profileNode(CostProfile profile, JsonNodeFactory nodes) {
        ObjectNode node = nodes.objectNode();
        node.put("engine", profile.engine());
        node.put("process", profile.process().text());
        node.put("parallelism", profile.parallelism());
        ObjectNode startUp = node.putObject("start-up");
        startUp.put("cold-ms", profile.startUp().coldMillis());
        startUp.put("warm-ms", profile.startUp().warmMillis());
        ObjectNode operators = node.putObject("operators");
        for (String kind : ordered(profile.operators().keySet(), OperatorKinds.all())) {
            OperatorCost cost = profile.operators().get(kind);
            ObjectNode entry = operators.putObject(kind);
            entry.put("ns-per-record", cost.nanosPerRecord());
            entry.put("ns-per-byte", cost.nanosPerByte());
        }
        ObjectNode channels = node.putObject("channels");
        for (String name : ordered(profile.channels().keySet(), Channels.all())) {
            ChannelCost cost = profile.channels().get(name);
            ObjectNode entry = channels.putObject(name);
            entry.put("ns-per-byte-out", cost.nanosPerByteOut());
            entry.put("ns-per-byte-in", cost.nanosPerByteIn());
            entry.put("setup-ms", cost.setupMillis());
        }
        ObjectNode calibration = node.putObject("calibration");
        calibration.put("machine", profile.calibration().machine());
        calibration.put("cores", profile.calibration().cores());
        calibration.put("date", profile.calibration().date());
        calibration.put("method", profile.calibration().method());
        return node;
    }

    /** The keys in the order of the known names, unknown ones (refused later) last, alphabetically. */
    private static List<String> ordered(Set<String> keys, List<String> known) {
        return keys.stream()
                .sorted(Comparator.comparingInt((String key) -> known.contains(key) ? known.indexOf(key) : known.size())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line %d, column %d)".formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
    }

    /** Walks a parsed tree, checking each node against the format; knows the origin for messages. */
    private static final class Reader {
        private final String origin;

        Reader(String origin) {
            this.origin = origin;
        }

        List<CostProfile> profiles(JsonNode root) {
            if (root == null || root.isMissingNode()) {
                throw error("(root)", "is empty; a cost profile file is a JSON object {\"format\": 1, \"profiles\": [...]}");
            }
            ObjectNode object = object(root, "(root)");
            keys(object, "", ROOT_KEYS);
            long format = whole(object.get("format"), "format", 1);
            if (format != FORMAT) {
                throw error("format", "is %d but this version of Weft reads format %d; regenerate the file with 'weft calibrate'".formatted(format, FORMAT));
            }
            JsonNode array = object.get("profiles");
            if (!array.isArray()) {
                throw error("profiles", "must be an array of profiles, got %s".formatted(type(array)));
            }
            if (array.isEmpty()) {
                throw error("profiles", "is empty; a cost profile file needs at least one profile");
            }
            List<CostProfile> profiles = new ArrayList<>();
            Map<String, String> engines = new HashMap<>();
            for (int i = 0; i < array.size(); i++) {
                String path = "profiles[%d]".formatted(i);
                CostProfile profile = profile(array.get(i), path);
                String previous = engines.putIfAbsent(profile.engine(), path);
                if (previous != null) {
                    throw error(path + ".engine", "repeats engine '%s' (already in %s); keep one profile per engine in a file"
                            .formatted(profile.engine(), previous));
                }
                profiles.add(profile);
            }
            return List.copyOf(profiles);
        }

        private CostProfile profile(JsonNode node, String path) {
            ObjectNode object = object(node, path);
            keys(object, path + ".", PROFILE_KEYS);
            String engine = text(object.get("engine"), path + ".engine");
            if (!ENGINE_NAME.matcher(engine).matches()) {
                throw error(path + ".engine", "is \"%s\"; an engine name is lower case letters, digits and '-', starting with a letter (like \"java\")".formatted(engine));
            }
            EngineProcess process = process(object.get("process"), path + ".process");
            int parallelism = (int) whole(object.get("parallelism"), path + ".parallelism", 1);
            ObjectNode startUpNode = object(object.get("start-up"), path + ".start-up");
            keys(startUpNode, path + ".start-up.", START_UP_KEYS);
            StartUp startUp = new StartUp(number(startUpNode.get("cold-ms"), path + ".start-up.cold-ms"),
                    number(startUpNode.get("warm-ms"), path + ".start-up.warm-ms"));
            Map<String, OperatorCost> operators = operators(object.get("operators"), path + ".operators");
            Map<String, ChannelCost> channels = channels(object.get("channels"), path + ".channels");
            Calibration calibration = calibration(object.get("calibration"), path + ".calibration");
            return new CostProfile(engine, origin, process, startUp, parallelism, operators, channels, calibration);
        }

        private Map<String, OperatorCost> operators(JsonNode node, String path) {
            ObjectNode object = object(node, path);
            Map<String, OperatorCost> operators = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String kind = field.getKey();
                String entryPath = path + "." + kind;
                if (!OperatorKinds.isKnown(kind)) {
                    throw error(entryPath, "is not an operator kind%s; use one of %s".formatted(suggestion(kind, OperatorKinds.all()), OperatorKinds.all()));
                }
                ObjectNode entry = object(field.getValue(), entryPath);
                keys(entry, entryPath + ".", OPERATOR_KEYS);
                operators.put(kind, new OperatorCost(number(entry.get("ns-per-record"), entryPath + ".ns-per-record"),
                        number(entry.get("ns-per-byte"), entryPath + ".ns-per-byte")));
            }
            return operators;
        }

        private Map<String, ChannelCost> channels(JsonNode node, String path) {
            ObjectNode object = object(node, path);
            Map<String, ChannelCost> channels = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String name = field.getKey();
                String entryPath = path + "." + name;
                if (!Channels.isKnown(name)) {
                    throw error(entryPath, "is not a channel name%s; use one of %s".formatted(suggestion(name, Channels.all()), Channels.all()));
                }
                ObjectNode entry = object(field.getValue(), entryPath);
                keys(entry, entryPath + ".", CHANNEL_KEYS);
                channels.put(name, new ChannelCost(number(entry.get("ns-per-byte-out"), entryPath + ".ns-per-byte-out"),
                        number(entry.get("ns-per-byte-in"), entryPath + ".ns-per-byte-in"),
                        number(entry.get("setup-ms"), entryPath + ".setup-ms")));
            }
            return channels;
        }

        private Calibration calibration(JsonNode node, String path) {
            ObjectNode object = object(node, path);
            keys(object, path + ".", CALIBRATION_KEYS);
            String machine = text(object.get("machine"), path + ".machine");
            int cores = (int) whole(object.get("cores"), path + ".cores", 1);
            String date = text(object.get("date"), path + ".date");
            try {
                LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw error(path + ".date", "is \"%s\", not a date; write it as YYYY-MM-DD".formatted(date));
            }
            String method = text(object.get("method"), path + ".method");
            return new Calibration(machine, cores, date, method);
        }

        private EngineProcess process(JsonNode node, String path) {
            String text = text(node, path);
            for (EngineProcess process : EngineProcess.values()) {
                if (process.text().equals(text)) {
                    return process;
                }
            }
            throw error(path, "is \"%s\"; use \"driver\" (the engine runs in the driver's JVM) or \"host\" (in an engine host)".formatted(text));
        }

        /** Every required key present, no other key. */
        private void keys(ObjectNode object, String prefix, Set<String> expected) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = field.getKey();
                if (!expected.contains(key)) {
                    throw error(prefix + key, "is not a known key%s; the keys here are %s".formatted(suggestion(key, expected), sorted(expected)));
                }
            }
            for (String key : sorted(expected)) {
                if (!object.has(key)) {
                    throw error(prefix + key, "is missing; add it (the keys here are %s)".formatted(sorted(expected)));
                }
            }
        }

        private ObjectNode object(JsonNode node, String path) {
            if (!(node instanceof ObjectNode object)) {
                throw error(path, "must be a JSON object, got %s".formatted(type(node)));
            }
            return object;
        }

        private String text(JsonNode node, String path) {
            if (!node.isTextual()) {
                throw error(path, "must be a string, got %s".formatted(type(node)));
            }
            if (node.textValue().isBlank()) {
                throw error(path, "is blank; give it a value");
            }
            return node.textValue();
        }

        /** A finite number >= 0. */
        private double number(JsonNode node, String path) {
            if (!node.isNumber()) {
                throw error(path, "must be a number, got %s".formatted(type(node)));
            }
            double value = node.doubleValue();
            if (!Double.isFinite(value)) {
                throw error(path, "is %s, too large; give a finite number".formatted(node.asText()));
            }
            if (value < 0) {
                throw error(path, "is %s but must not be negative".formatted(node.asText()));
            }
            return value;
        }

        /** A whole number >= minimum that fits an int. */
        private long whole(JsonNode node, String path, int minimum) {
            if (!node.isIntegralNumber()) {
                throw error(path, "must be a whole number, got %s".formatted(node.isNumber() ? node.asText() : type(node)));
            }
            if (!node.canConvertToInt()) {
                throw error(path, "is %s, too large".formatted(node.asText()));
            }
            int value = node.intValue();
            if (value < minimum) {
                throw error(path, "is %d but must be at least %d".formatted(value, minimum));
            }
            return value;
        }

        private WeftException error(String path, String problem) {
            return new WeftException(ErrorCode.INVALID_COST_PROFILE, "cost profile %s: %s %s".formatted(origin, path, problem));
        }
    }

    private static String type(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "the string \"%s\"".formatted(node.textValue());
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL -> "null";
            case BINARY, MISSING -> "nothing";
        };
    }

    private static List<String> sorted(Collection<String> keys) {
        return keys.stream().sorted().toList();
    }

    /** " (did you mean \"x\"?)" for the closest candidate within a small edit distance, else "". */
    static String suggestion(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : sorted(candidates)) {
            int distance = EditDistance.between(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        boolean close = best != null && (bestDistance <= Math.max(2, best.length() / 3) || best.startsWith(key) || key.startsWith(best));
        return close ? " (did you mean \"%s\"?)".formatted(best) : "";
    }
}
