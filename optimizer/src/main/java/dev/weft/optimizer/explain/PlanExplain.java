package dev.weft.optimizer.explain;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import dev.weft.optimizer.PlacedPlan;

/**
 * Explains a placed plan: every operator with its engine, estimated rows (an interval with its confidence) and
 * estimated cost, the channel at every engine boundary, the engines' start-ups and cost profiles, the total cost and
 * the runner-up plan. As text (a tree, for terminals and golden tests), Graphviz dot, a standalone SVG with its own
 * layout, or a self-contained HTML page. Output is deterministic and never touches the network.
 */
public final class PlanExplain {
    private PlanExplain() {}

    public static String render(PlacedPlan plan, ExplainFormat format) {
        requireNonNull(format, "format is null");
        return switch (format) {
            case TEXT -> text(plan);
            case DOT -> dot(plan);
            case SVG -> svg(plan);
            case HTML -> html(plan);
        };
    }

    /**
     * A tree from each sink down to its sources, one line per operator
     * ({@code "<kind> '<name>' #<id> <detail>  engine=<e>  rows=[lo, hi] @ c  cost=[lo, hi] ms"}, the name left out when
     * it is derived), a line {@code "── flight: java → cluster, est. [..] ms ──"} on every edge that crosses engines,
     * shared operators shown once then referenced, loop bodies indented under their loop; then a footer with the
     * engines (start-up, profile origin), the boundaries, the total and its squashed value, and the runner-up.
     */
    public static String text(PlacedPlan plan) {
        return TextExplain.render(new PlanView(plan));
    }

    /**
     * The text form after a run: each operator's line also shows the rows it {@code observed} (by operator id), and
     * {@code "(outside the estimate)"} when they fall outside the estimated interval. Operators without an observed
     * count (not run, or inside a loop body) show the estimate alone.
     */
    public static String text(PlacedPlan plan, Map<Integer, Long> observedRows) {
        requireNonNull(observedRows, "observedRows is null");
        return TextExplain.render(new PlanView(plan), observedRows);
    }

    /** Graphviz dot: one node per operator, one colour and cluster per engine, labelled boundary edges, a legend. */
    public static String dot(PlacedPlan plan) {
        return DotExplain.render(new PlanView(plan));
    }

    /** A standalone SVG document with a layered layout of its own; no external references. */
    public static String svg(PlacedPlan plan) {
        return SvgExplain.document(new PlanView(plan));
    }

    /** A self-contained HTML page: the SVG inline, tables of operators, boundaries and engines, and the text form. */
    public static String html(PlacedPlan plan) {
        return HtmlExplain.render(new PlanView(plan));
    }
}
