package dev.weft.optimizer.explain;

import static dev.weft.optimizer.explain.ExplainFixtures.CLUSTER;
import static dev.weft.optimizer.explain.ExplainFixtures.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.estimate.Estimates;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TestPlanExplain {
    private static PlacedPlan chainAcrossEngines() {
        return ExplainFixtures.place(ExplainFixtures.chain(), op -> op.id() <= 2 ? CLUSTER : LOCAL, true);
    }

    private static PlacedPlan joinAcrossEngines() {
        return ExplainFixtures.place(ExplainFixtures.join(), op -> op.kind().equals("collect-sink") ? LOCAL : CLUSTER, true);
    }

    private static List<PlacedPlan> allExamples() {
        return List.of(chainAcrossEngines(), joinAcrossEngines(), ExplainFixtures.allOn(ExplainFixtures.shared(), LOCAL),
                ExplainFixtures.allOn(ExplainFixtures.loop(), CLUSTER),
                ExplainFixtures.place(ExplainFixtures.unbounded(), op -> CLUSTER, false));
    }

    @Test
    void textOfAChainAcrossTwoEngines() {
        assertThat(PlanExplain.text(chainAcrossEngines())).isEqualTo("""
                plan 'chain': 4 operators on cluster, local
                collect-sink #4  engine=local  rows=[4k, 6k] @ 0.90  cost=[4, 8] ms
                  map 'times ten' #3  engine=local  rows=[3k, 4.5k] @ 0.90  cost=[3, 6] ms
                    ── flight: cluster → local, est. [2.5, 7.5] ms ──
                    filter #2 (<lambda>)  engine=cluster  rows=[2k, 3k] @ 0.90  cost=[2, 4] ms
                      collection-source #1 10 elements  engine=cluster  rows=[1k, 1.5k] @ 0.90  cost=[1, 2] ms
                engines:
                  cluster  start-up 4000 ms (cold)  profile classpath:profiles/test-cluster.json
                  local    start-up 1 ms (cold)  profile classpath:profiles/test-local.json
                boundaries: 1 (flight 1)
                total: [4014, 4029] ms, geometric-mean 4021 ms
                runner-up: all on local, [6020, 8057] ms = 6965 ms (1.73x)
                """);
    }

    @Test
    void textAfterARunShowsObservedRowsBesideTheEstimates() {
        // estimates of the fixture: operator #n has [1000 n, 1500 n] rows
        String text = PlanExplain.text(chainAcrossEngines(), java.util.Map.of(1, 1_200L, 2, 9_000L, 4, 5_000L));

        assertThat(text)
                .contains("collection-source #1 10 elements  engine=cluster  rows=[1k, 1.5k] @ 0.90  observed=1200  cost=")
                .contains("filter #2 (<lambda>)  engine=cluster  rows=[2k, 3k] @ 0.90  observed=9000 (outside the estimate)  cost=")
                .contains("map 'times ten' #3  engine=local  rows=[3k, 4.5k] @ 0.90  cost=")
                .contains("collect-sink #4  engine=local  rows=[4k, 6k] @ 0.90  observed=5000  cost=");
        assertThat(PlanExplain.text(chainAcrossEngines(), java.util.Map.of())).isEqualTo(PlanExplain.text(chainAcrossEngines()));
    }

    @Test
    void textHasEveryOperatorWithItsEngine() {
        for (PlacedPlan placed : allExamples()) {
            String text = PlanExplain.text(placed);
            for (LogicalOperator operator : ExplainFixtures.allOperators(placed.plan())) {
                assertThat(text).containsPattern("(?m)^ *%s( '[^']*')? #%d .*engine=%s".formatted(Pattern.quote(operator.kind()), operator.id(),
                                placed.placement().get(operator.id())));
            }
        }
    }

    @Test
    void boundaryLineSitsBetweenConsumerAndProducer() {
        String text = PlanExplain.text(joinAcrossEngines());
        assertThat(text).contains("""
                collect-sink #5  engine=local  rows=[5k, 7.5k] @ 0.90  cost=[5, 10] ms
                  ── flight: cluster → local, est. [2.5, 7.5] ms ──
                  join #4 INNER on [l_orderkey] = [o_orderkey]  engine=cluster""");
        assertThat(text).contains("filter #3 (l_quantity > 30)", "tpch-source #2 lineitem sf=1.0", "tpch-source #1 orders sf=0.01");
    }

    @Test
    void sharedOperatorIsShownOnceThenReferenced() {
        String text = PlanExplain.text(ExplainFixtures.allOn(ExplainFixtures.shared(), LOCAL));
        assertThat(occurrences(text, "map 'shared map' #2  engine=local")).isEqualTo(1);
        assertThat(occurrences(text, "map 'shared map' #2  (shown above)")).isEqualTo(1);
        assertThat(occurrences(text, "collection-source #1")).isEqualTo(1);
    }

    @Test
    void loopBodyIsIndentedUnderItsLoop() {
        String text = PlanExplain.text(ExplainFixtures.allOn(ExplainFixtures.loop(), CLUSTER));
        assertThat(text).contains(String.join("\n",
                "  repeat #5 times=3  engine=cluster  rows=[5k, 7.5k] @ 0.90  cost=[5, 10] ms",
                "    body, runs 3 times:",
                "      filter #4 (<lambda>)  engine=cluster  rows=[4k, 6k] @ 0.90  cost=[4, 8] ms",
                "        map #3  engine=cluster  rows=[3k, 4.5k] @ 0.90  cost=[3, 6] ms",
                "          loop-input #2  engine=cluster  rows=[2k, 3k] @ 0.90  cost=[2, 4] ms",
                "    collection-source #1 3 elements  engine=cluster"));
    }

    @Test
    void unboundedPlansShowRatesAndWorkPerSecond() {
        String text = PlanExplain.text(ExplainFixtures.place(ExplainFixtures.unbounded(), op -> CLUSTER, false));
        assertThat(text).contains("generator-source #1 unbounded rate=1000/s  engine=cluster  rows=[1k, 1.5k] rows/s @ 0.90  cost=[1, 2] ms/s")
                .contains("note: costs of unbounded operators are ms of work per second of input")
                .contains("runner-up: none (no other placement is possible)");
    }

    @Test
    void runnerUpNamesTheOperatorsThatMoved() {
        PlacedPlan chosen = chainAcrossEngines();
        Map<Integer, String> alternative = Map.of(1, CLUSTER, 2, LOCAL, 3, LOCAL, 4, LOCAL);
        PlacedPlan placed = new PlacedPlan(chosen.plan(), chosen.placement(), chosen.boundaries(), chosen.estimates(),
                chosen.operatorCosts(), chosen.startUps(), chosen.total(), chosen.squash(),
                Optional.of(new dev.weft.optimizer.Alternative(alternative, new Cost(8000, 9000), 8500)), chosen.engines());
        assertThat(PlanExplain.text(placed)).contains("runner-up: #2 filter on local, [8000, 9000] ms = 8500 ms (2.11x)");
    }

    @Test
    void textIsDeterministic() {
        assertThat(PlanExplain.text(joinAcrossEngines())).isEqualTo(PlanExplain.text(joinAcrossEngines()));
        for (PlacedPlan placed : allExamples()) {
            for (var format : dev.weft.optimizer.explain.ExplainFormat.values()) {
                assertThat(PlanExplain.render(placed, format)).isEqualTo(PlanExplain.render(placed, format));
            }
        }
    }

    @Test
    void renderDispatchesOnTheFormat() {
        PlacedPlan placed = chainAcrossEngines();
        assertThat(PlanExplain.render(placed, ExplainFormat.TEXT)).isEqualTo(PlanExplain.text(placed));
        assertThat(PlanExplain.render(placed, ExplainFormat.DOT)).startsWith("digraph");
        assertThat(PlanExplain.render(placed, ExplainFormat.SVG)).startsWith("<?xml");
        assertThat(PlanExplain.render(placed, ExplainFormat.HTML)).startsWith("<!DOCTYPE html>");
    }

    @Test
    void missingEstimatesCostsAndEnginesShowAsQuestionMarks() {
        Plan plan = ExplainFixtures.chain();
        PlacedPlan bare = new PlacedPlan(plan, Map.of(), List.of(), new Estimates(Map.of()), Map.of(), Map.of(), Cost.ZERO,
                Squash.MEAN, Optional.empty(), List.of());
        String text = PlanExplain.text(bare);
        assertThat(text).contains("collect-sink #4  engine=?  rows=?  cost=?").contains("total: [0, 0] ms, mean 0 ms");
        assertThat(PlanExplain.dot(bare)).contains("op3");
        parseXml(PlanExplain.svg(bare));
        assertThat(PlanExplain.html(bare)).contains("</html>");
    }

    @Test
    void dotHasOneNodePerOperatorAndAClusterAndColourPerEngine() {
        for (PlacedPlan placed : allExamples()) {
            String dot = PlanExplain.dot(placed);
            int operators = ExplainFixtures.allOperators(placed.plan()).size();
            assertThat(occurrences(dot, Pattern.compile("(?m)^ *op\\d+ \\[label="))).isEqualTo(operators);
            for (String engine : placed.placement().values()) {
                assertThat(dot).contains("subgraph \"cluster_engine_%s\"".formatted(engine))
                        .contains("fillcolor=\"%s\"".formatted(EngineColours.fill(engine)));
            }
            assertThat(dot.chars().filter(c -> c == '{').count()).isEqualTo(dot.chars().filter(c -> c == '}').count());
        }
        String join = PlanExplain.dot(joinAcrossEngines());
        assertThat(join).contains("op3 -> op4 [style=dashed").contains("label=\"flight\\n[2.5, 7.5] ms\"")
                .contains("cluster_legend");
        assertThat(PlanExplain.dot(ExplainFixtures.allOn(ExplainFixtures.loop(), CLUSTER))).contains("subgraph \"cluster_body_")
                .contains("[style=dotted, label=\"iterate\"]");
    }

    @Test
    void svgIsStandaloneWellFormedXml() {
        for (PlacedPlan placed : allExamples()) {
            String svg = PlanExplain.svg(placed);
            Document document = parseXml(svg);
            Element root = document.getDocumentElement();
            assertThat(root.getLocalName()).isEqualTo("svg");
            assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
            NodeList groups = document.getElementsByTagName("g");
            int operators = 0;
            for (int i = 0; i < groups.getLength(); i++) {
                if ("operator".equals(((Element) groups.item(i)).getAttribute("class"))) {
                    operators++;
                }
            }
            assertThat(operators).isEqualTo(ExplainFixtures.allOperators(placed.plan()).size());
            assertThat(svg.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:", "https:", "<script", "href", "@import", "<image");
            assertThat(document.getElementsByTagName("title").item(0).getTextContent())
                    .contains("'%s'".formatted(placed.plan().name())).contains("total [");
            for (String engine : placed.placement().values()) {
                assertThat(svg).contains(">%s  start-up ".formatted(engine)).contains("fill=\"%s\"".formatted(EngineColours.fill(engine)));
            }
        }
        String join = PlanExplain.svg(joinAcrossEngines());
        assertThat(join).contains("stroke-dasharray=\"7 4\"").contains(">flight [2.5, 7.5] ms</text>");
        assertThat(PlanExplain.svg(ExplainFixtures.allOn(ExplainFixtures.loop(), CLUSTER))).contains("body of repeat #5");
    }

    @Test
    void svgEscapesNamesAndExpressions() {
        Pipeline pipeline = Pipeline.create("odd <names> & \"quotes\"");
        pipeline.fromCollection(List.of("a", "b"), String.class).named("a < b && 'c' > \"d\"\u0001").map(s -> s + "!", String.class).collect();
        PlacedPlan placed = ExplainFixtures.allOn(pipeline.plan(), LOCAL);
        Document document = parseXml(PlanExplain.svg(placed));
        assertThat(document.getDocumentElement().getTextContent()).contains("a < b && 'c' > \"d\"");
        assertThat(PlanExplain.html(placed)).contains("a &lt; b &amp;&amp; &#39;c&#39; &gt; &quot;d&quot;");
        assertThat(PlanExplain.dot(placed)).contains("a < b && 'c' > \\\"d\\\"");
    }

    @Test
    void htmlIsOneSelfContainedPage() {
        for (PlacedPlan placed : allExamples()) {
            String html = PlanExplain.html(placed);
            assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
            assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                    .doesNotContain("http://", "https://", "<script", "<link", "src=", "href=", "@import", "url(http");
            int start = html.indexOf("<svg");
            int end = html.indexOf("</svg>") + "</svg>".length();
            assertThat(start).isPositive();
            parseXml(html.substring(start, end));
            assertThat(html).contains("<pre>plan &#39;%s&#39;".formatted(placed.plan().name()));
            for (LogicalOperator operator : ExplainFixtures.allOperators(placed.plan())) {
                assertThat(html).contains("<td class=\"number\">%d</td>".formatted(operator.id()));
            }
        }
        assertThat(PlanExplain.html(joinAcrossEngines())).contains("<td>flight</td>");
        assertThat(PlanExplain.html(ExplainFixtures.allOn(ExplainFixtures.loop(), CLUSTER))).contains("none: the plan runs on one engine");
    }

    @Test
    void twoHundredOperatorsRenderAtOnce() {
        Pipeline pipeline = Pipeline.create("big");
        Dataset<Long> current = pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class);
        Dataset<Long> shared = current.map(x -> x + 1, Long.class);
        current = shared;
        for (int i = 0; i < 25; i++) {
            Dataset<Long> side = pipeline.fromCollection(List.of(4L), Long.class).filter(x -> x > 0);
            current = current.map(x -> x * 2, Long.class).union(side, shared.filter(x -> x > 2)).filter(x -> x < 1000);
            current.count().collect();
        }
        current.collect();
        Plan plan = pipeline.plan();
        assertThat(plan.operators().size()).isGreaterThanOrEqualTo(200);
        PlacedPlan placed = ExplainFixtures.place(plan, op -> op.id() % 3 == 0 ? CLUSTER : LOCAL, true);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {   // a guard against blow-ups, not a benchmark
            for (ExplainFormat format : ExplainFormat.values()) {
                assertThat(PlanExplain.render(placed, format)).isNotEmpty();
            }
        });
        parseXml(PlanExplain.svg(placed));
        String text = PlanExplain.text(placed);
        for (LogicalOperator operator : plan.operators()) {
            assertThat(text).contains("#" + operator.id());
        }
    }

    private static int occurrences(String text, String part) {
        return occurrences(text, Pattern.compile(Pattern.quote(part)));
    }

    private static int occurrences(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    static Document parseXml(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + xml.substring(0, Math.min(xml.length(), 2000)), e);
        }
    }
}
