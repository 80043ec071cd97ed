package dev.weft.optimizer.cost;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.EngineCapabilities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operator kinds of the plan model, as {@link LogicalOperator#kind()} names them ("map", "flat-map",
 * "tpch-source" ...): one per concrete operator record, found by walking the sealed {@link LogicalOperator} hierarchy,
 * in the order the hierarchy declares them. These are the keys of a cost profile's "operators" object.
 */
public final class OperatorKinds {
    private static final Map<String, Class<? extends LogicalOperator>> KINDS = discover();

    private OperatorKinds() {
    }

    /** Every operator kind, in declaration order of the plan model. */
    public static List<String> all() {
        return List.copyOf(KINDS.keySet());
    }

    /** The kind of an operator class, exactly as {@link LogicalOperator#kind()} computes it for its instances. */
    public static String of(Class<? extends LogicalOperator> type) {
        requireNonNull(type, "type is null");
        String simple = type.getSimpleName().replace("Operator", "");
        return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    public static boolean isKnown(String kind) {
        return KINDS.containsKey(kind);
    }

    /** The operator record of a kind, if the kind exists. */
    public static Optional<Class<? extends LogicalOperator>> type(String kind) {
        return Optional.ofNullable(KINDS.get(kind));
    }

    /**
     * The kinds an engine can run, by its capabilities' operator classes (a capability class that is an interface,
     * e.g. {@code SourceOperator}, covers every kind below it); in the order of {@link #all()}.
     */
    public static List<String> supportedBy(EngineCapabilities capabilities) {
        requireNonNull(capabilities, "capabilities is null");
        List<String> kinds = new ArrayList<>();
        KINDS.forEach((kind, type) -> {
            if (capabilities.operators().stream().anyMatch(capability -> capability.isAssignableFrom(type))) {
                kinds.add(kind);
            }
        });
        return Collections.unmodifiableList(kinds);
    }

    private static Map<String, Class<? extends LogicalOperator>> discover() {
        Map<String, Class<? extends LogicalOperator>> kinds = new LinkedHashMap<>();
        collect(LogicalOperator.class, kinds);
        return Collections.unmodifiableMap(kinds);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> type, Map<String, Class<? extends LogicalOperator>> kinds) {
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) {
            Class<? extends LogicalOperator> operator = (Class<? extends LogicalOperator>) type;
            kinds.put(of(operator), operator);
            return;
        }
        for (Class<?> subtype : permitted) {
            collect(subtype, kinds);
        }
    }
}
