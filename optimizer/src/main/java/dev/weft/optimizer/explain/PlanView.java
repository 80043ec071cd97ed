package dev.weft.optimizer.explain;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SampleOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.TextFileSink;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.TpchSource;
import dev.weft.optimizer.Alternative;
import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.estimate.Estimate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every explain format shows, gathered once from a {@link PlacedPlan}: the operators (loop bodies expanded, in a
 * deterministic order: inputs before consumers, a loop's body right before the loop), their engine, estimate and cost,
 * the edges with their boundaries, and the plan-wide facts of the footer. Missing data (an operator without estimate,
 * cost or engine) is shown as "?" rather than failing: explain must work on any placed plan.
 */
final class PlanView {
    static final String UNKNOWN = "?";

    private final PlacedPlan placed;
    private final List<OperatorView> operators = new ArrayList<>();
    private final Map<LogicalOperator, OperatorView> byOperator = new IdentityHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<String, EngineOption> engineOptions = new LinkedHashMap<>();
    private final Map<List<Integer>, Boundary> boundaries = new HashMap<>();

    PlanView(PlacedPlan placed) {
        this.placed = requireNonNull(placed, "placed is null");
        for (EngineOption option : placed.engines()) {
            engineOptions.putIfAbsent(option.name(), option);
        }
        for (Boundary boundary : placed.boundaries()) {
            boundaries.putIfAbsent(List.of(boundary.producerId(), boundary.consumerId()), boundary);
        }
        addAll(placed.plan().operators(), Optional.empty());
        for (OperatorView view : operators) {
            List<LogicalOperator> inputs = view.operator().inputs();
            for (LogicalOperator input : inputs) {
                OperatorView producer = byOperator.get(input);
                if (producer != null) {
                    edges.add(new Edge(producer, view, EdgeKind.DATA, boundary(input, view.operator())));
                }
            }
            body(view.operator()).ifPresent(body -> {
                OperatorView start = byOperator.get(body.start());
                OperatorView result = byOperator.get(body.result());
                if (start != null && !inputs.isEmpty() && byOperator.containsKey(inputs.get(0))) {
                    edges.add(new Edge(byOperator.get(inputs.get(0)), start, EdgeKind.LOOP_ENTRY, Optional.empty()));
                }
                if (result != null) {
                    edges.add(new Edge(result, view, EdgeKind.LOOP_RESULT, Optional.empty()));
                }
            });
        }
    }

    private void addAll(List<LogicalOperator> ordered, Optional<OperatorView> loop) {
        for (LogicalOperator operator : ordered) {
            if (byOperator.containsKey(operator)) {
                continue;
            }
            Optional<LoopBody> body = body(operator);
            // the loop's view is made first so that its body can point to it, but listed after its body
            OperatorView view = view(operator, loop);
            byOperator.put(operator, view);
            body.ifPresent(b -> addAll(Plan.topologicalOrder(List.of(b.result())), Optional.of(view)));
            operators.add(view.withIndex(operators.size()));
            byOperator.put(operator, operators.get(operators.size() - 1));
        }
    }

    private OperatorView view(LogicalOperator operator, Optional<OperatorView> loop) {
        String engine = placed.placement().get(operator.id());
        Optional<Estimate> estimate = placed.estimates().contains(operator) ? Optional.of(placed.estimates().of(operator)) : Optional.empty();
        Optional<Cost> cost = Optional.ofNullable(placed.operatorCosts().get(operator.id()));
        return new OperatorView(-1, operator, engine == null ? UNKNOWN : engine, estimate, cost, loop.map(OperatorView::operator));
    }

    static Optional<LoopBody> body(LogicalOperator operator) {
        if (operator instanceof RepeatOperator repeat) {
            return Optional.of(repeat.body());
        }
        if (operator instanceof DoWhileOperator doWhile) {
            return Optional.of(doWhile.body());
        }
        return Optional.empty();
    }

    /** The boundary on the edge, as {@link PlacedPlan#boundary} but without a scan. */
    Optional<Boundary> boundary(LogicalOperator producer, LogicalOperator consumer) {
        return Optional.ofNullable(boundaries.get(List.of(producer.id(), consumer.id())));
    }

    PlacedPlan placed() {
        return placed;
    }

    String planName() {
        return placed.plan().name();
    }

    /** Every operator, loop-body operators included, inputs first. */
    List<OperatorView> operators() {
        return Collections.unmodifiableList(operators);
    }

    OperatorView of(LogicalOperator operator) {
        OperatorView view = byOperator.get(operator);
        if (view == null) {
            throw new IllegalArgumentException("operator #%d is not part of the plan".formatted(operator.id()));
        }
        return view;
    }

    List<Edge> edges() {
        return Collections.unmodifiableList(edges);
    }

    /** The operators directly inside the loop's body (not those of loops nested in it). */
    List<OperatorView> bodyOf(OperatorView loop) {
        return operators.stream().filter(v -> v.loop().isPresent() && v.loop().get() == loop.operator()).toList();
    }

    /** Engines in order of first use (operator order), then engines that only the start-ups name. */
    List<String> enginesUsed() {
        Set<String> engines = new LinkedHashSet<>();
        for (OperatorView view : operators) {
            engines.add(view.engine());
        }
        placed.startUps().keySet().stream().sorted().forEach(engines::add);
        return List.copyOf(engines);
    }

    Optional<EngineOption> engine(String name) {
        return Optional.ofNullable(engineOptions.get(name));
    }

    /** "4000 ms (cold)" / "0.6 ms (warm)". */
    String startUp(String engine) {
        Cost cost = placed.startUps().get(engine);
        String warmth = engine(engine).map(e -> e.warm() ? " (warm)" : " (cold)").orElse("");
        return (cost == null ? UNKNOWN : Numbers.costShort(cost)) + warmth;
    }

    String origin(String engine) {
        return engine(engine).map(e -> e.profile().origin()).orElse(UNKNOWN);
    }

    /** "[4100, 4500] ms, geometric-mean 4290 ms". */
    String total() {
        return "%s, %s %s ms".formatted(Numbers.cost(placed.total(), false), placed.squash().text(), Cost.format(placed.squashedTotal()));
    }

    boolean hasUnbounded() {
        return operators.stream().anyMatch(OperatorView::perSecond);
    }

    /** "all on local, [..] ms = 7720 ms (1.80x)" or "none (no other placement is possible)". */
    String runnerUp() {
        if (placed.runnerUp().isEmpty()) {
            return "none (no other placement is possible)";
        }
        Alternative alternative = placed.runnerUp().get();
        String ratio = placed.squashedTotal() > 0 ? " (%s)".formatted(Numbers.ratio(alternative.squashedTotal() / placed.squashedTotal())) : "";
        return "%s, %s = %s ms%s".formatted(difference(alternative), Numbers.cost(alternative.total(), false),
                Cost.format(alternative.squashedTotal()), ratio);
    }

    private String difference(Alternative alternative) {
        Set<String> engines = new LinkedHashSet<>();
        List<String> changes = new ArrayList<>();
        for (OperatorView view : operators) {
            String other = alternative.engines().get(view.operator().id());
            if (other == null) {
                continue;
            }
            engines.add(other);
            if (!other.equals(view.engine()) && view.loop().isEmpty()) {
                changes.add("#%d %s on %s".formatted(view.operator().id(), view.operator().kind(), other));
            }
        }
        if (engines.size() == 1) {
            return "all on " + engines.iterator().next();
        }
        int shown = Math.min(changes.size(), 4);
        String more = changes.size() > shown ? " and %d more".formatted(changes.size() - shown) : "";
        return changes.isEmpty() ? "same engines" : String.join(", ", changes.subList(0, shown)) + more;
    }

    enum EdgeKind {
        /** An operator reads another's output. */
        DATA,
        /** A loop's input becomes its body's loop input. */
        LOOP_ENTRY,
        /** A loop body's result becomes the loop's output. */
        LOOP_RESULT
    }

    record Edge(OperatorView producer, OperatorView consumer, EdgeKind kind, Optional<Boundary> boundary) {}

    /** One operator as explain shows it. */
    record OperatorView(int index, LogicalOperator operator, String engine, Optional<Estimate> estimate, Optional<Cost> cost,
                        Optional<LogicalOperator> loop) {
        OperatorView withIndex(int newIndex) {
            return new OperatorView(newIndex, operator, engine, estimate, cost, loop);
        }

        /** "filter 'expensive' #3" (a derived name like "filter#3" is not repeated). */
        String title() {
            String name = operator.name();
            boolean derived = name.endsWith("#" + operator.id());
            return derived ? "%s #%d".formatted(operator.kind(), operator.id())
                    : "%s '%s' #%d".formatted(operator.kind(), name, operator.id());
        }

        /** What the operator does, shortly: a filter's condition, a join's keys, a source's table or path; may be empty. */
        String detail() {
            return PlanView.detail(operator);
        }

        boolean perSecond() {
            return estimate.map(e -> e.rows().perSecond()).orElse(!operator.output().bounded());
        }

        String rows() {
            return estimate.map(e -> Numbers.rows(e.rows())).orElse(UNKNOWN);
        }

        String costText() {
            return cost.map(c -> Numbers.cost(c, perSecond())).orElse(UNKNOWN);
        }
    }

    static String detail(LogicalOperator operator) {
        if (operator instanceof FilterOperator filter) {
            String condition = filter.condition().toString();
            return condition.startsWith("(") && condition.endsWith(")") ? condition : "(" + condition + ")";
        }
        if (operator instanceof ProjectOperator project) {
            return project.expressions().toString();
        }
        if (operator instanceof AggregateOperator aggregate) {
            return "keys=%s%s".formatted(aggregate.groupKeys(),
                    aggregate.window().map(w -> " window=%s %s".formatted(w.kind().name().toLowerCase(java.util.Locale.ROOT), w.size())).orElse(""));
        }
        if (operator instanceof JoinOperator join) {
            return "%s on %s = %s".formatted(join.joinType(), join.leftKeys(), join.rightKeys());
        }
        if (operator instanceof SortOperator sort) {
            return sort.keys().toString();
        }
        if (operator instanceof TopKOperator topK) {
            return "k=%d".formatted(topK.k());
        }
        if (operator instanceof LimitOperator limit) {
            return "limit=" + limit.limit();
        }
        if (operator instanceof TextFileSource text) {
            return fileName(text.path());
        }
        if (operator instanceof CsvFileSource csv) {
            return fileName(csv.path());
        }
        if (operator instanceof TextFileSink text) {
            return fileName(text.path());
        }
        if (operator instanceof CsvFileSink csv) {
            return fileName(csv.path());
        }
        if (operator instanceof TpchSource tpch) {
            return "%s sf=%s".formatted(tpch.table(), tpch.scaleFactor());
        }
        if (operator instanceof CollectionSource collection) {
            return collection.elements().size() + " elements";
        }
        if (operator instanceof GeneratorSource generator) {
            String count = generator.count().isPresent() ? "count=%d ".formatted(generator.count().getAsLong()) : "unbounded ";
            return count + (generator.ratePerSecond() == 0 ? "rate=max" : "rate=%d/s".formatted(generator.ratePerSecond()));
        }
        if (operator instanceof StageInputSource input) {
            return "channel=" + input.channel();
        }
        if (operator instanceof StageOutputSink output) {
            return "channel=" + output.channel();
        }
        if (operator instanceof RepeatOperator repeat) {
            return "times=" + repeat.times();
        }
        if (operator instanceof DoWhileOperator doWhile) {
            return "max-iterations=" + doWhile.maxIterations();
        }
        if (operator instanceof SampleOperator sample) {
            return sample.spec().fraction().isPresent() ? "fraction=" + sample.spec().fraction().getAsDouble()
                    : "size=" + sample.spec().size().getAsLong();
        }
        return "";
    }

    /** Only the last path element: explain output must not depend on where the files live. */
    private static String fileName(String path) {
        String trimmed = path.endsWith("/") || path.endsWith("\\") ? path.substring(0, path.length() - 1) : path;
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }
}
