package dev.weft.optimizer.explain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A small layered (Sugiyama-style) layout for a DAG of boxes, top to bottom:
 * <ol>
 *   <li>layers by longest path from the sources (a node is one layer below its deepest input), then, from the sinks
 *       up, each node with consumers moved down to just above its first consumer (so side inputs sit next to where
 *       they are used, not at the top);</li>
 *   <li>order within a layer by the barycenter of the neighbours' positions, alternating downward sweeps (by inputs)
 *       and upward sweeps (by consumers), {@value #SWEEPS} sweeps, stable ties so the result is deterministic;</li>
 *   <li>x: each node wants to sit at the mean centre of its inputs; a left-to-right pass removes overlaps keeping the
 *       order, then the layer is shifted so that on average nodes sit where they want to; finally everything is moved
 *       right of the margin;</li>
 *   <li>y: layers stacked with {@link #LAYER_GAP} between the tallest boxes of neighbouring layers.</li>
 * </ol>
 * An edge spanning several layers gets a thin dummy node in each layer it crosses; dummies are ordered and placed like
 * boxes, so long edges run between boxes, through the returned waypoints. Runs in O(sweeps x (nodes + dummies) x log)
 * time: instant for hundreds of nodes.
 */
final class LayeredLayout {
    static final double NODE_GAP = 28;
    static final double LAYER_GAP = 64;
    static final int SWEEPS = 4;
    static final double DUMMY_WIDTH = 10;

    /** A placed box: top-left corner and size. */
    record Box(double x, double y, double width, double height) {
        double centerX() {
            return x + width / 2;
        }

        double bottom() {
            return y + height;
        }
    }

    /**
     * The boxes (by node index), per edge (in the given order) the boxes of the dummy nodes it passes through (empty
     * for an edge between neighbouring layers; a dummy's box spans its layer's height), and the size of the drawing.
     */
    record Result(List<Box> boxes, List<List<Box>> waypoints, int[] layers, double width, double height) {}

    private LayeredLayout() {}

    /**
     * @param widths  each node's box width
     * @param heights each node's box height
     * @param edges   pairs {from, to}; must form a DAG (nodes on a cycle are put in layer 0)
     * @param margin  space around the drawing
     */
    static Result layout(double[] widths, double[] heights, List<int[]> edges, double margin) {
        int real = widths.length;
        List<List<Integer>> inputs = new ArrayList<>();
        List<List<Integer>> outputs = new ArrayList<>();
        for (int i = 0; i < real; i++) {
            inputs.add(new ArrayList<>());
            outputs.add(new ArrayList<>());
        }
        for (int[] edge : edges) {
            if (edge[0] != edge[1]) {
                inputs.get(edge[1]).add(edge[0]);
                outputs.get(edge[0]).add(edge[1]);
            }
        }
        int[] realLayer = layers(real, inputs, outputs);
        // long edges get one small dummy node per layer they cross, so that they are ordered and placed like nodes
        // and run between boxes instead of through them
        List<Integer> layerOf = new ArrayList<>();
        List<Double> allWidths = new ArrayList<>();
        List<Double> allHeights = new ArrayList<>();
        for (int i = 0; i < real; i++) {
            layerOf.add(realLayer[i]);
            allWidths.add(widths[i]);
            allHeights.add(heights[i]);
            inputs.get(i).clear();
            outputs.get(i).clear();
        }
        List<List<Integer>> routes = new ArrayList<>();
        for (int[] edge : edges) {
            List<Integer> route = new ArrayList<>();
            routes.add(route);
            if (edge[0] == edge[1]) {
                continue;
            }
            int previous = edge[0];
            for (int k = realLayer[edge[0]] + 1; k < realLayer[edge[1]]; k++) {
                int dummy = layerOf.size();
                layerOf.add(k);
                allWidths.add(DUMMY_WIDTH);
                allHeights.add(0.0);
                inputs.add(new ArrayList<>());
                outputs.add(new ArrayList<>());
                link(previous, dummy, inputs, outputs);
                route.add(dummy);
                previous = dummy;
            }
            link(previous, edge[1], inputs, outputs);
        }
        int n = layerOf.size();
        int layerCount = layerOf.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<List<Integer>> layers = new ArrayList<>();
        for (int k = 0; k < layerCount; k++) {
            layers.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            layers.get(layerOf.get(i)).add(i);
        }
        double[] position = new double[n];
        updatePositions(layers, position);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int step = 1; step < layerCount; step++) {
                int k = down ? step : layerCount - 1 - step;
                orderByBarycenter(layers.get(k), down ? inputs : outputs, position);
                updatePositions(layers, position);
            }
        }
        double[] w = allWidths.stream().mapToDouble(Double::doubleValue).toArray();
        double[] h = allHeights.stream().mapToDouble(Double::doubleValue).toArray();
        List<Box> boxes = place(w, h, layers, inputs, margin);
        double width = 2 * margin;
        double height = 2 * margin;
        for (Box box : boxes) {
            width = Math.max(width, box.x() + box.width() + margin);
            height = Math.max(height, box.bottom() + margin);
        }
        List<List<Box>> waypoints = routes.stream().map(route -> route.stream().map(boxes::get).toList()).toList();
        return new Result(List.copyOf(boxes.subList(0, real)), waypoints, realLayer, width, height);
    }

    private static void link(int from, int to, List<List<Integer>> inputs, List<List<Integer>> outputs) {
        inputs.get(to).add(from);
        outputs.get(from).add(to);
    }

    /** Longest path from a source, by Kahn's algorithm, then pulled down to consumers; nodes on a cycle stay in layer 0. */
    private static int[] layers(int n, List<List<Integer>> inputs, List<List<Integer>> outputs) {
        int[] layer = new int[n];
        int[] pending = new int[n];
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            pending[i] = inputs.get(i).size();
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int node = ready.poll();
            order.add(node);
            for (int consumer : outputs.get(node)) {
                layer[consumer] = Math.max(layer[consumer], layer[node] + 1);
                if (--pending[consumer] == 0) {
                    ready.add(consumer);
                }
            }
        }
        // then, from the sinks up, every node that has consumers moves down to just above its first consumer: a side
        // input joined in late would otherwise sit at the top and draw an edge across the whole picture
        for (int i = order.size() - 1; i >= 0; i--) {
            int node = order.get(i);
            if (!outputs.get(node).isEmpty()) {
                layer[node] = outputs.get(node).stream().mapToInt(consumer -> layer[consumer]).min().getAsInt() - 1;
            }
        }
        return layer;
    }

    private static void orderByBarycenter(List<Integer> nodes, List<List<Integer>> neighbours, double[] position) {
        double[] key = new double[position.length];
        for (int node : nodes) {
            List<Integer> around = neighbours.get(node);
            key[node] = around.isEmpty() ? position[node] : around.stream().mapToDouble(i -> position[i]).average().orElse(0);
        }
        nodes.sort(Comparator.comparingDouble(node -> key[node]));
    }

    /** Position = index within the layer, relative to the layer's middle, so layers of different sizes line up. */
    private static void updatePositions(List<List<Integer>> layers, double[] position) {
        for (List<Integer> nodes : layers) {
            double middle = (nodes.size() - 1) / 2.0;
            for (int i = 0; i < nodes.size(); i++) {
                position[nodes.get(i)] = i - middle;
            }
        }
    }

    private static List<Box> place(double[] widths, double[] heights, List<List<Integer>> layers, List<List<Integer>> inputs,
                                   double margin) {
        int n = widths.length;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] boxHeight = heights.clone();
        double top = margin;
        for (List<Integer> nodes : layers) {
            double tallest = nodes.stream().mapToDouble(i -> heights[i]).max().orElse(0);
            double right = Double.NEGATIVE_INFINITY;
            double shift = 0;
            int wishes = 0;
            for (int node : nodes) {
                List<Integer> in = inputs.get(node);
                boolean wish = !in.isEmpty();
                double prefer = wish ? in.stream().mapToDouble(i -> x[i] + widths[i] / 2).average().orElse(0) - widths[node] / 2
                        : (right == Double.NEGATIVE_INFINITY ? 0 : right + NODE_GAP);
                x[node] = right == Double.NEGATIVE_INFINITY ? prefer : Math.max(prefer, right + gap(widths, node));
                right = x[node] + widths[node];
                if (wish) {
                    shift += x[node] - prefer;
                    wishes++;
                }
                if (heights[node] == 0) {
                    y[node] = top;
                    boxHeight[node] = tallest;
                } else {
                    y[node] = top + (tallest - heights[node]) / 2;
                }
            }
            if (wishes > 0) {
                double average = shift / wishes;
                for (int node : nodes) {
                    x[node] -= average;
                }
            }
            top += tallest + LAYER_GAP;
        }
        double minX = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, x[i]);
        }
        List<Box> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxes.add(new Box(x[i] - minX + margin, y[i], widths[i], boxHeight[i]));
        }
        return boxes;
    }

    /** Space before a node: dummies (thin edge carriers) need less room than boxes. */
    private static double gap(double[] widths, int node) {
        return widths[node] <= DUMMY_WIDTH ? NODE_GAP / 2 : NODE_GAP;
    }
}
