package dev.weft.engine.java.physical;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopInput;
import dev.weft.engine.java.exec.MaterializedPartitions;

/** Plans a loop body for one iteration, its {@link LoopInput} reading the iteration's input. */
@FunctionalInterface
public interface SubPlanner {
    SubPlan plan(LogicalOperator result, LoopInput start, MaterializedPartitions input);

    /** A planned sub-plan; closing it releases all its operators. */
    interface SubPlan extends AutoCloseable {
        PhysicalNode root();

        @Override
        void close();
    }
}
