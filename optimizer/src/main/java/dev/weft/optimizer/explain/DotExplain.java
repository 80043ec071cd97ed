package dev.weft.optimizer.explain;

import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.explain.PlanView.Edge;
import dev.weft.optimizer.explain.PlanView.EdgeKind;
import dev.weft.optimizer.explain.PlanView.OperatorView;
import java.util.List;

/**
 * The Graphviz form: one node per operator (loop bodies included), filled with its engine's colour and grouped in one
 * cluster per engine; a loop's body is a dashed cluster inside its engine's cluster. Data flows top to bottom. Edges
 * that cross engines are dashed and labelled with the channel and its estimated cost; loop edges are dotted. A legend
 * cluster shows each engine's colour and start-up.
 */
final class DotExplain {
    private final PlanView view;
    private final StringBuilder out = new StringBuilder(4096);

    private DotExplain(PlanView view) {
        this.view = view;
    }

    static String render(PlanView view) {
        return new DotExplain(view).render();
    }

    private String render() {
        out.append("digraph \"weft_plan\" {\n");
        out.append("  graph [rankdir=TB, fontname=\"monospace\", fontsize=12, labelloc=t, label=\"")
                .append(Markup.dot("plan '%s'  total %s".formatted(view.planName(), view.total())))
                .append("\\lrunner-up: ").append(Markup.dot(view.runnerUp())).append("\\l\"];\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=10];\n");
        out.append("  edge [fontname=\"monospace\", fontsize=9];\n");
        for (String engine : view.enginesUsed()) {
            List<OperatorView> members = view.operators().stream().filter(v -> v.loop().isEmpty() && v.engine().equals(engine)).toList();
            if (members.isEmpty()) {
                continue;
            }
            out.append("  subgraph \"cluster_engine_").append(Markup.dot(engine)).append("\" {\n");
            out.append("    label=\"").append(Markup.dot(engine)).append("\"; style=\"rounded\"; color=\"")
                    .append(EngineColours.stroke(engine)).append("\";\n");
            for (OperatorView member : members) {
                node(member, "    ");
            }
            out.append("  }\n");
        }
        for (Edge edge : view.edges()) {
            edge(edge);
        }
        legend();
        out.append("}\n");
        return out.toString();
    }

    private void node(OperatorView node, String indent) {
        String label = String.join("\\n", List.of(Markup.dot(node.title()),
                Markup.dot(Markup.shorten(node.detail(), 48)),
                Markup.dot("rows " + node.rows()),
                Markup.dot("cost " + node.costText()))
                .stream().filter(s -> !s.isEmpty()).toList());
        out.append(indent).append(id(node)).append(" [label=\"").append(label).append("\", fillcolor=\"")
                .append(EngineColours.fill(node.engine())).append("\", color=\"").append(EngineColours.stroke(node.engine()))
                .append("\", tooltip=\"").append(Markup.dot(node.engine())).append("\"];\n");
        if (PlanView.body(node.operator()).isPresent()) {
            out.append(indent).append("subgraph \"cluster_body_").append(node.index()).append("\" {\n");
            out.append(indent).append("  label=\"").append(Markup.dot("body of " + node.title())).append("\"; style=\"dashed\";\n");
            for (OperatorView member : view.bodyOf(node)) {
                node(member, indent + "  ");
            }
            out.append(indent).append("}\n");
        }
    }

    private void edge(Edge edge) {
        out.append("  ").append(id(edge.producer())).append(" -> ").append(id(edge.consumer()));
        if (edge.kind() != EdgeKind.DATA) {
            out.append(" [style=dotted, label=\"").append(edge.kind() == EdgeKind.LOOP_ENTRY ? "iterate" : "result").append("\"]");
        } else if (edge.boundary().isPresent()) {
            Boundary boundary = edge.boundary().get();
            out.append(" [style=dashed, penwidth=2, color=\"#c0392b\", fontcolor=\"#c0392b\", label=\"")
                    .append(Markup.dot(boundary.channel())).append("\\n").append(Markup.dot(Numbers.cost(boundary.cost(), false)))
                    .append("\"]");
        }
        out.append(";\n");
    }

    private void legend() {
        out.append("  subgraph \"cluster_legend\" {\n");
        out.append("    label=\"engines\"; style=\"rounded\"; color=\"#999999\";\n");
        int i = 0;
        for (String engine : view.enginesUsed()) {
            out.append("    legend_").append(i++).append(" [label=\"").append(Markup.dot(engine)).append("\\nstart-up ")
                    .append(Markup.dot(view.startUp(engine))).append("\", fillcolor=\"").append(EngineColours.fill(engine))
                    .append("\", color=\"").append(EngineColours.stroke(engine)).append("\"];\n");
        }
        out.append("  }\n");
    }

    private static String id(OperatorView node) {
        return "op" + node.index();
    }
}
