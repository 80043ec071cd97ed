package dev.weft.optimizer.explain;

import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.explain.PlanView.OperatorView;

/**
 * One self-contained HTML page: the SVG picture inline, a table of the operators (engine colour, rows, cost), a table
 * of the engine boundaries, the engines' start-ups and profiles, and the text form. Inline CSS only; no scripts, no
 * links, nothing fetched from the network.
 */
final class HtmlExplain {
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 24px; color: #222222; }
            h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
            table { border-collapse: collapse; font-family: monospace; font-size: 12px; }
            th, td { border: 1px solid #cccccc; padding: 3px 8px; text-align: left; vertical-align: top; }
            th { background: #f0f0f0; }
            td.number { text-align: right; }
            .swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #666666; margin-right: 6px; vertical-align: middle; }
            .graph { overflow: auto; border: 1px solid #dddddd; }
            pre { background: #f7f7f7; padding: 12px; font-size: 12px; overflow: auto; }
            """;

    private HtmlExplain() {}

    static String render(PlanView view) {
        StringBuilder out = new StringBuilder(32768);
        String title = "Weft plan '%s'".formatted(view.planName());
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Markup.xml(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(Markup.xml(title)).append("</h1>\n");
        out.append("<p>total ").append(Markup.xml(view.total())).append("<br>runner-up: ").append(Markup.xml(view.runnerUp()))
                .append("</p>\n");
        out.append("<div class=\"graph\">\n").append(SvgExplain.element(view)).append("</div>\n");

        out.append("<h2>Operators</h2>\n<table>\n<thead><tr><th>id</th><th>operator</th><th>detail</th><th>engine</th>")
                .append("<th>rows</th><th>cost</th><th>in loop</th></tr></thead>\n<tbody>\n");
        for (OperatorView node : view.operators()) {
            out.append("<tr><td class=\"number\">").append(node.operator().id()).append("</td><td>").append(Markup.xml(node.title()))
                    .append("</td><td>").append(Markup.xml(node.detail())).append("</td><td>").append(swatch(node.engine()))
                    .append(Markup.xml(node.engine())).append("</td><td>").append(Markup.xml(node.rows())).append("</td><td>")
                    .append(Markup.xml(node.costText())).append("</td><td>")
                    .append(node.loop().map(loop -> "#" + loop.id()).orElse("")).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");

        out.append("<h2>Engine boundaries</h2>\n");
        if (view.placed().boundaries().isEmpty()) {
            out.append("<p>none: the plan runs on one engine</p>\n");
        } else {
            out.append("<table>\n<thead><tr><th>edge</th><th>from</th><th>to</th><th>channel</th><th>cost</th></tr></thead>\n<tbody>\n");
            for (Boundary boundary : view.placed().boundaries()) {
                out.append("<tr><td>#").append(boundary.producerId()).append(" &#8594; #").append(boundary.consumerId())
                        .append("</td><td>").append(swatch(boundary.fromEngine())).append(Markup.xml(boundary.fromEngine()))
                        .append("</td><td>").append(swatch(boundary.toEngine())).append(Markup.xml(boundary.toEngine()))
                        .append("</td><td>").append(Markup.xml(boundary.channel())).append("</td><td>")
                        .append(Markup.xml(Numbers.cost(boundary.cost(), false))).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        out.append("<h2>Engines</h2>\n<table>\n<thead><tr><th>engine</th><th>start-up</th><th>cost profile</th></tr></thead>\n<tbody>\n");
        for (String engine : view.enginesUsed()) {
            out.append("<tr><td>").append(swatch(engine)).append(Markup.xml(engine)).append("</td><td>")
                    .append(Markup.xml(view.startUp(engine))).append("</td><td>").append(Markup.xml(view.origin(engine)))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");

        out.append("<h2>Text</h2>\n<pre>").append(Markup.xmlLines(TextExplain.render(view))).append("</pre>\n");
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static String swatch(String engine) {
        return "<span class=\"swatch\" style=\"background: %s\"></span>".formatted(EngineColours.fill(engine));
    }
}
