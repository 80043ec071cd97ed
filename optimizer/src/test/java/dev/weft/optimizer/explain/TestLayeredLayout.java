package dev.weft.optimizer.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.optimizer.explain.LayeredLayout.Box;
import dev.weft.optimizer.explain.LayeredLayout.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestLayeredLayout {
    private static double[] sizes(int n, double value) {
        double[] sizes = new double[n];
        Arrays.fill(sizes, value);
        return sizes;
    }

    /** 0 -> 1 -> 2 -> 4, 3 -> 4, 0 -> 4 (a long edge). */
    private static Result diamond() {
        List<int[]> edges = List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 4}, new int[] {3, 4}, new int[] {0, 4});
        return LayeredLayout.layout(sizes(5, 100), sizes(5, 40), edges, 20);
    }

    @Test
    void layersAreLongestPathsFromSourcesWithSourcesRightAboveTheirFirstConsumer() {
        assertThat(diamond().layers()).containsExactly(0, 1, 2, 2, 3);
    }

    @Test
    void consumersAreBelowTheirInputsAndBoxesDoNotOverlap() {
        Result result = diamond();
        List<Box> boxes = result.boxes();
        assertThat(boxes.get(4).y()).isGreaterThan(boxes.get(2).bottom());
        assertThat(boxes.get(1).y()).isGreaterThan(boxes.get(0).bottom());
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                Box a = boxes.get(i);
                Box b = boxes.get(j);
                boolean apart = a.x() + a.width() <= b.x() || b.x() + b.width() <= a.x() || a.bottom() <= b.y() || b.bottom() <= a.y();
                assertThat(apart).as("boxes %d and %d overlap: %s %s", i, j, a, b).isTrue();
            }
        }
        for (Box box : boxes) {
            assertThat(box.x()).isGreaterThanOrEqualTo(20);
            assertThat(box.x() + box.width()).isLessThanOrEqualTo(result.width());
            assertThat(box.bottom()).isLessThanOrEqualTo(result.height());
        }
    }

    @Test
    void longEdgesPassThroughOneWaypointPerCrossedLayer() {
        Result result = diamond();
        assertThat(result.waypoints()).hasSize(5);
        assertThat(result.waypoints().get(4)).hasSize(2);   // 0 -> 4 crosses layers 1 and 2
        assertThat(result.waypoints().get(3)).isEmpty();    // source 3 sits right above 4
        assertThat(result.waypoints().get(0)).isEmpty();
        Box waypoint = result.waypoints().get(4).get(0);
        Box layerOne = result.boxes().get(1);
        boolean besideTheBox = waypoint.x() + waypoint.width() <= layerOne.x() || layerOne.x() + layerOne.width() <= waypoint.x();
        assertThat(besideTheBox).isTrue();
    }

    @Test
    void layoutIsDeterministic() {
        assertThat(diamond().boxes()).isEqualTo(diamond().boxes());
    }

    @Test
    void emptyAndCyclicInputsDoNotFail() {
        assertThat(LayeredLayout.layout(new double[0], new double[0], List.of(), 10).boxes()).isEmpty();
        Result cycle = LayeredLayout.layout(sizes(2, 50), sizes(2, 20), List.of(new int[] {0, 1}, new int[] {1, 0}), 10);
        assertThat(cycle.boxes()).hasSize(2);
    }

    @Test
    void twoHundredNodesLayOutFine() {
        List<int[]> edges = new ArrayList<>();
        for (int i = 1; i < 200; i++) {
            edges.add(new int[] {i / 2, i});
            if (i % 7 == 0) {
                edges.add(new int[] {i / 7, i});
            }
        }
        Result result = LayeredLayout.layout(sizes(200, 150), sizes(200, 60), edges, 20);
        assertThat(result.boxes()).hasSize(200);
        assertThat(result.width()).isPositive();
    }
}
