package dev.weft.engine.java.physical;

import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Drives physical plans: prepares breakers children first, materializes an operator's output. */
public final class PhysicalPlans {
    private PhysicalPlans() {}

    /** Prepares every operator reachable from {@code root}, inputs before consumers, each once. */
    public static void prepare(PhysicalNode root, ExecutionContext context) {
        prepare(root, context, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    public static void prepare(PhysicalNode root, ExecutionContext context, Set<PhysicalNode> prepared) {
        if (prepared.contains(root)) {
            return;
        }
        for (PhysicalNode child : root.children()) {
            prepare(child, context, prepared);
        }
        context.checkCancelled();
        root.prepare();
        prepared.add(root);
    }

    /** Runs every partition of a prepared operator in parallel and keeps its output (in memory, spilled beyond the buffer budget; the caller owns it). */
    public static MaterializedPartitions materialize(PhysicalNode node, ExecutionContext context) {
        MaterializedPartitions output = new MaterializedPartitions(context, node.schema(), node.partitionCount());
        try {
            context.runTasks(node.partitionCount(), partition -> node.execute(partition, output.sink(partition)));
            return output;
        } catch (RuntimeException e) {
            output.close();
            throw e;
        }
    }
}
