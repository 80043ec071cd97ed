package dev.weft.optimizer.explain;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.PlanPrinter;
import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.explain.LayeredLayout.Box;
import dev.weft.optimizer.explain.PlanView.Edge;
import dev.weft.optimizer.explain.PlanView.EdgeKind;
import dev.weft.optimizer.explain.PlanView.OperatorView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The picture: a standalone SVG document with its own layout ({@link LayeredLayout}), no scripts, no external fonts,
 * images or style sheets (generic "monospace" only). On top: the plan's name, total cost, runner-up and a legend of
 * the engines with their colour and start-up; below: one box per operator filled with its engine's colour (sources at
 * the top, sinks at the bottom), edges as cubic curves with arrowheads. Edges that cross engines are dashed, red, and
 * labelled with the channel and its cost; a loop's body is framed by a dashed box, its entry and result edges dotted.
 * Hovering a box shows the operator's full description (schema included) as a tooltip.
 */
final class SvgExplain {
    static final double CHAR_WIDTH = 7.2;   // monospace at 12 px is 0.6 em wide
    static final double LINE_HEIGHT = 15;
    static final double PADDING = 8;
    static final double MARGIN = 20;
    static final double MIN_BOX_WIDTH = 120;
    static final int MAX_LINE = 48;
    private static final String EDGE_COLOUR = "#555555";
    private static final String BOUNDARY_COLOUR = "#c0392b";

    private final PlanView view;
    private final StringBuilder out = new StringBuilder(16384);

    private SvgExplain(PlanView view) {
        this.view = view;
    }

    /** A standalone SVG document (with an XML declaration). */
    static String document(PlanView view) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(view);
    }

    /** The {@code <svg>} element alone, for inlining in HTML. */
    static String element(PlanView view) {
        return new SvgExplain(view).render();
    }

    private String render() {
        List<OperatorView> nodes = view.operators();
        List<List<String>> texts = new ArrayList<>();
        double[] widths = new double[nodes.size()];
        double[] heights = new double[nodes.size()];
        for (OperatorView node : nodes) {
            List<String> lines = lines(node);
            texts.add(lines);
            widths[node.index()] = Math.max(MIN_BOX_WIDTH, textWidth(lines) + 2 * PADDING);
            heights[node.index()] = lines.size() * LINE_HEIGHT + 2 * PADDING;
        }
        List<int[]> edges = view.edges().stream().map(e -> new int[] {e.producer().index(), e.consumer().index()}).toList();
        LayeredLayout.Result layout = LayeredLayout.layout(widths, heights, edges, MARGIN);

        List<String> header = List.of("plan '%s'".formatted(view.planName()), "total " + view.total(),
                "runner-up: " + view.runnerUp());
        List<String> engines = view.enginesUsed();
        double headerHeight = MARGIN + 22 + (header.size() - 1) * 18 + 8 + engines.size() * 20 + 8;
        double width = Math.max(layout.width(), 2 * MARGIN + Math.max(textWidth(header) * 1.1,
                engines.stream().mapToDouble(e -> (e.length() + view.startUp(e).length() + 14) * CHAR_WIDTH + 20).max().orElse(0)));
        double height = headerHeight + layout.height();

        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(number(width))
                .append("\" height=\"").append(number(height)).append("\" viewBox=\"0 0 ").append(number(width)).append(' ')
                .append(number(height)).append("\" font-family=\"monospace\" font-size=\"12\">\n");
        out.append("<title>").append(Markup.xml("Weft plan '%s', total %s".formatted(view.planName(), view.total()))).append("</title>\n");
        defs();
        out.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        header(header, engines);
        out.append("<g transform=\"translate(0,").append(number(headerHeight)).append(")\">\n");
        loopFrames(layout.boxes());
        edges(layout);
        for (OperatorView node : nodes) {
            node(node, texts.get(node.index()), layout.boxes().get(node.index()));
        }
        out.append("</g>\n</svg>\n");
        return out.toString();
    }

    static List<String> lines(OperatorView node) {
        List<String> lines = new ArrayList<>();
        lines.add(Markup.shorten(node.title(), MAX_LINE));
        if (!node.detail().isEmpty()) {
            lines.add(Markup.shorten(node.detail(), MAX_LINE));
        }
        lines.add("engine " + node.engine());
        lines.add("rows " + node.rows());
        lines.add("cost " + node.costText());
        return lines;
    }

    private static double textWidth(List<String> lines) {
        return lines.stream().mapToInt(String::length).max().orElse(0) * CHAR_WIDTH;
    }

    private void defs() {
        out.append("<defs>\n");
        marker("arrow", EDGE_COLOUR);
        marker("arrow-boundary", BOUNDARY_COLOUR);
        out.append("</defs>\n");
    }

    private void marker(String id, String colour) {
        out.append("<marker id=\"").append(id).append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
                .append("<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"").append(colour).append("\"/></marker>\n");
    }

    private void header(List<String> header, List<String> engines) {
        double y = MARGIN + 14;
        out.append("<text x=\"").append(number(MARGIN)).append("\" y=\"").append(number(y))
                .append("\" font-size=\"16\" font-weight=\"bold\">").append(Markup.xml(header.get(0))).append("</text>\n");
        y += 22;
        for (String line : header.subList(1, header.size())) {
            out.append("<text x=\"").append(number(MARGIN)).append("\" y=\"").append(number(y)).append("\">")
                    .append(Markup.xml(line)).append("</text>\n");
            y += 18;
        }
        y += 4;
        out.append("<g class=\"legend\">\n");
        for (String engine : engines) {
            out.append("<rect x=\"").append(number(MARGIN)).append("\" y=\"").append(number(y - 11)).append("\" width=\"14\" height=\"14\" rx=\"3\" fill=\"")
                    .append(EngineColours.fill(engine)).append("\" stroke=\"").append(EngineColours.stroke(engine)).append("\"/>");
            out.append("<text x=\"").append(number(MARGIN + 22)).append("\" y=\"").append(number(y)).append("\">")
                    .append(Markup.xml("%s  start-up %s".formatted(engine, view.startUp(engine)))).append("</text>\n");
            y += 20;
        }
        out.append("</g>\n");
    }

    /** Dashed frames around loop bodies, biggest first so that nested frames are drawn over their outer ones. */
    private void loopFrames(List<Box> boxes) {
        record Frame(OperatorView loop, double x, double y, double width, double height) {}
        List<Frame> frames = new ArrayList<>();
        for (OperatorView loop : view.operators()) {
            if (PlanView.body(loop.operator()).isEmpty()) {
                continue;
            }
            List<OperatorView> members = view.operators().stream().filter(v -> inside(v, loop.operator())).toList();
            if (members.isEmpty()) {
                continue;
            }
            double left = Double.POSITIVE_INFINITY;
            double top = Double.POSITIVE_INFINITY;
            double right = Double.NEGATIVE_INFINITY;
            double bottom = Double.NEGATIVE_INFINITY;
            for (OperatorView member : members) {
                Box box = boxes.get(member.index());
                left = Math.min(left, box.x());
                top = Math.min(top, box.y());
                right = Math.max(right, box.x() + box.width());
                bottom = Math.max(bottom, box.bottom());
            }
            frames.add(new Frame(loop, left - 10, top - 22, right - left + 20, bottom - top + 32));
        }
        frames.sort(Comparator.comparingDouble((Frame f) -> -f.width() * f.height()).thenComparingInt(f -> f.loop().index()));
        for (Frame frame : frames) {
            out.append("<g class=\"loop-body\"><rect x=\"").append(number(frame.x())).append("\" y=\"").append(number(frame.y()))
                    .append("\" width=\"").append(number(frame.width())).append("\" height=\"").append(number(frame.height()))
                    .append("\" rx=\"8\" fill=\"#f7f7f7\" fill-opacity=\"0.6\" stroke=\"#888888\" stroke-dasharray=\"5 4\"/>");
            out.append("<text x=\"").append(number(frame.x() + 6)).append("\" y=\"").append(number(frame.y() + 14))
                    .append("\" fill=\"#555555\" font-size=\"11\">").append(Markup.xml("body of " + frame.loop().title()))
                    .append("</text></g>\n");
        }
    }

    /** Whether the operator is in the loop's body, directly or inside a nested loop. */
    private boolean inside(OperatorView node, LogicalOperator loop) {
        Optional<LogicalOperator> enclosing = node.loop();
        while (enclosing.isPresent()) {
            if (enclosing.get() == loop) {
                return true;
            }
            enclosing = view.of(enclosing.get()).loop();
        }
        return false;
    }

    private void edges(LayeredLayout.Result layout) {
        List<Box> boxes = layout.boxes();
        List<Edge> edges = view.edges();
        // ports: a node's outgoing edges leave its bottom and incoming edges enter its top, spread in the order of the
        // other end's x so that edges from one node do not cross each other
        Map<Integer, List<Edge>> outgoing = new HashMap<>();
        Map<Integer, List<Edge>> incoming = new HashMap<>();
        for (Edge edge : edges) {
            outgoing.computeIfAbsent(edge.producer().index(), k -> new ArrayList<>()).add(edge);
            incoming.computeIfAbsent(edge.consumer().index(), k -> new ArrayList<>()).add(edge);
        }
        outgoing.values().forEach(list -> list.sort(Comparator.comparingDouble(e -> boxes.get(e.consumer().index()).centerX())));
        incoming.values().forEach(list -> list.sort(Comparator.comparingDouble(e -> boxes.get(e.producer().index()).centerX())));
        Map<Edge, Integer> outPort = new IdentityHashMap<>();
        Map<Edge, Integer> inPort = new IdentityHashMap<>();
        outgoing.values().forEach(list -> {
            for (int i = 0; i < list.size(); i++) {
                outPort.put(list.get(i), i);
            }
        });
        incoming.values().forEach(list -> {
            for (int i = 0; i < list.size(); i++) {
                inPort.put(list.get(i), i);
            }
        });
        List<String> labels = new ArrayList<>();
        for (int e = 0; e < edges.size(); e++) {
            Edge edge = edges.get(e);
            Box from = boxes.get(edge.producer().index());
            Box to = boxes.get(edge.consumer().index());
            double x1 = port(from, outPort.get(edge), outgoing.get(edge.producer().index()).size());
            double x2 = port(to, inPort.get(edge), incoming.get(edge.consumer().index()).size());
            double y1 = from.bottom();
            double y2 = to.y();
            List<Box> waypoints = layout.waypoints().get(e);
            StringBuilder path = new StringBuilder("M ").append(number(x1)).append(' ').append(number(y1));
            double x = x1;
            double y = y1;
            for (Box waypoint : waypoints) {
                curve(path, x, y, waypoint.centerX(), waypoint.y());
                path.append(" L ").append(number(waypoint.centerX())).append(' ').append(number(waypoint.bottom()));
                x = waypoint.centerX();
                y = waypoint.bottom();
            }
            curve(path, x, y, x2, y2);
            Optional<Boundary> boundary = edge.boundary();
            String colour = boundary.isPresent() ? BOUNDARY_COLOUR : EDGE_COLOUR;
            out.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(boundary.isPresent() ? "2" : "1.3").append('"');
            if (boundary.isPresent()) {
                out.append(" stroke-dasharray=\"7 4\" marker-end=\"url(#arrow-boundary)\"");
            } else if (edge.kind() != EdgeKind.DATA) {
                out.append(" stroke-dasharray=\"2 3\" marker-end=\"url(#arrow)\"");
            } else {
                out.append(" marker-end=\"url(#arrow)\"");
            }
            out.append("/>\n");
            if (boundary.isPresent()) {
                String text = "%s %s".formatted(boundary.get().channel(), Numbers.cost(boundary.get().cost(), false));
                if (waypoints.isEmpty()) {
                    labels.add(label((x1 + x2) / 2, (y1 + y2) / 2, text));
                } else {
                    Box middle = waypoints.get(waypoints.size() / 2);
                    labels.add(label(middle.centerX(), middle.y() + middle.height() / 2, text));
                }
            }
        }
        labels.forEach(out::append);   // over all edges
    }

    /** A cubic curve leaving and arriving vertically. */
    private static void curve(StringBuilder path, double x1, double y1, double x2, double y2) {
        double bend = Math.max(12, Math.abs(y2 - y1) / 2);
        path.append(" C ").append(number(x1)).append(' ').append(number(y1 + bend))
                .append(", ").append(number(x2)).append(' ').append(number(y2 - bend))
                .append(", ").append(number(x2)).append(' ').append(number(y2));
    }

    private static double port(Box box, int position, int count) {
        return box.x() + box.width() * (position + 1) / (count + 1);
    }

    private static String label(double centerX, double centerY, String text) {
        double width = text.length() * CHAR_WIDTH * 11 / 12 + 8;
        return "<g class=\"boundary\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"16\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"%s\"/><text x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"11\" fill=\"%s\">%s</text></g>\n"
                .formatted(number(centerX - width / 2), number(centerY - 8), number(width), BOUNDARY_COLOUR,
                        number(centerX), number(centerY + 4), BOUNDARY_COLOUR, Markup.xml(text));
    }

    private void node(OperatorView node, List<String> lines, Box box) {
        out.append("<g class=\"operator\" id=\"op").append(node.index()).append("\"><title>")
                .append(Markup.xml(PlanPrinter.describe(node.operator()) + "  engine " + node.engine())).append("</title>");
        out.append("<rect x=\"").append(number(box.x())).append("\" y=\"").append(number(box.y())).append("\" width=\"")
                .append(number(box.width())).append("\" height=\"").append(number(box.height())).append("\" rx=\"6\" fill=\"")
                .append(EngineColours.fill(node.engine())).append("\" stroke=\"").append(EngineColours.stroke(node.engine()))
                .append("\" stroke-width=\"1.5\"/>");
        out.append("<text x=\"").append(number(box.x() + PADDING)).append("\" y=\"").append(number(box.y() + PADDING)).append("\">");
        for (int i = 0; i < lines.size(); i++) {
            out.append("<tspan x=\"").append(number(box.x() + PADDING)).append("\" dy=\"").append(i == 0 ? "12" : number(LINE_HEIGHT)).append('"');
            if (i == 0) {
                out.append(" font-weight=\"bold\"");
            }
            out.append('>').append(Markup.xml(lines.get(i))).append("</tspan>");
        }
        out.append("</text></g>\n");
    }

    /** A coordinate with at most one decimal ("12", "12.5", "-3.2"); called thousands of times, so no String.format. */
    static String number(double value) {
        long tenths = Math.round(value * 10);
        long whole = tenths / 10;
        long fraction = Math.abs(tenths % 10);
        if (fraction == 0) {
            return Long.toString(whole);
        }
        return (tenths < 0 && whole == 0 ? "-" : "") + whole + "." + fraction;
    }
}
