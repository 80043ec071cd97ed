package dev.weft.optimizer.explain;

import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.estimate.Cardinality;
import dev.weft.optimizer.explain.PlanView.OperatorView;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The text form: a tree from each sink down to its sources (like {@code PlanPrinter}), one line per operator
 * <pre>
 * collect-sink #5  engine=local  rows=[1.2M, 1.5M] @ 0.90  cost=[0.1, 0.2] ms
 *   ── flight: cluster → local, est. [3, 4] ms ──
 *   aggregate #4 keys=[word]  engine=cluster  rows=...  cost=...
 * </pre>
 * An operator read by several consumers is shown in full once and referenced afterwards ("(shown above)"); a loop's
 * body is indented under the loop after a "body" line. The footer lists the engines with their start-up and profile
 * origin, the boundaries, the total cost and the runner-up. Nothing depends on hash order or on the machine.
 */
final class TextExplain {
    private static final String STEP = "  ";

    private final PlanView view;
    private final Map<Integer, Long> observedRows;
    private final StringBuilder out = new StringBuilder(4096);
    private final Set<LogicalOperator> shown = Collections.newSetFromMap(new IdentityHashMap<>());

    private TextExplain(PlanView view, Map<Integer, Long> observedRows) {
        this.view = view;
        this.observedRows = observedRows;
    }

    static String render(PlanView view) {
        return render(view, Map.of());
    }

    static String render(PlanView view, Map<Integer, Long> observedRows) {
        return new TextExplain(view, observedRows).render();
    }

    private String render() {
        List<String> engines = view.enginesUsed();
        out.append("plan '%s': %d operators on %s\n".formatted(view.planName(), view.operators().size(),
                engines.isEmpty() ? "no engine" : String.join(", ", engines)));
        for (SinkOperator sink : view.placed().plan().sinks()) {
            operator(sink, "");
        }
        footer(engines);
        return out.toString();
    }

    private void operator(LogicalOperator operator, String indent) {
        OperatorView node = view.of(operator);
        out.append(indent).append(node.title());
        if (!shown.add(operator)) {
            out.append("  (shown above)\n");
            return;
        }
        String detail = node.detail();
        if (!detail.isEmpty()) {
            out.append(' ').append(Markup.shorten(detail.replace('\n', ' '), 80));
        }
        out.append("  engine=").append(node.engine())
                .append("  rows=").append(node.rows());
        Long observed = observedRows.get(operator.id());
        if (observed != null) {
            out.append("  observed=").append(observed);
            if (node.estimate().isPresent() && outside(observed, node.estimate().get().rows())) {
                out.append(" (outside the estimate)");
            }
        }
        out.append("  cost=").append(node.costText()).append('\n');
        Optional<LoopBody> body = PlanView.body(operator);
        if (body.isPresent()) {
            out.append(indent).append(STEP).append("body, ").append(iterations(operator)).append(":\n");
            operator(body.get().result(), indent + STEP + STEP);
        }
        for (LogicalOperator input : operator.inputs()) {
            Optional<Boundary> boundary = view.boundary(input, operator);
            boundary.ifPresent(b -> out.append(indent).append(STEP).append(boundaryLine(b)).append('\n'));
            operator(input, indent + STEP);
        }
    }

    private static boolean outside(long observed, Cardinality estimated) {
        return !estimated.perSecond() && (observed < Math.floor(estimated.lower()) || observed > Math.ceil(estimated.upper()));
    }

    private static String iterations(LogicalOperator loop) {
        if (loop instanceof RepeatOperator repeat) {
            return "runs %d times".formatted(repeat.times());
        }
        if (loop instanceof DoWhileOperator doWhile) {
            return "runs 1 to %d times".formatted(doWhile.maxIterations());
        }
        return "runs repeatedly";
    }

    /** "── flight: java → cluster, est. [1.2, 3.4] ms ──". */
    static String boundaryLine(Boundary boundary) {
        return "── %s: %s → %s, est. %s ──".formatted(boundary.channel(), boundary.fromEngine(), boundary.toEngine(),
                Numbers.cost(boundary.cost(), false));
    }

    private void footer(List<String> engines) {
        out.append("engines:\n");
        int width = engines.stream().mapToInt(String::length).max().orElse(0);
        for (String engine : engines) {
            out.append(STEP).append(pad(engine, width)).append("  start-up ").append(view.startUp(engine))
                    .append("  profile ").append(view.origin(engine)).append('\n');
        }
        List<Boundary> boundaries = view.placed().boundaries();
        TreeMap<String, Integer> channels = new TreeMap<>();
        boundaries.forEach(b -> channels.merge(b.channel(), 1, Integer::sum));
        out.append("boundaries: ").append(boundaries.size());
        if (!channels.isEmpty()) {
            out.append(" (").append(String.join(", ", channels.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append(')');
        }
        out.append('\n');
        out.append("total: ").append(view.total()).append('\n');
        if (view.hasUnbounded()) {
            out.append("note: costs of unbounded operators are ms of work per second of input (ms/s); above 1000 ms/s an operator cannot keep up\n");
        }
        out.append("runner-up: ").append(view.runnerUp()).append('\n');
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
