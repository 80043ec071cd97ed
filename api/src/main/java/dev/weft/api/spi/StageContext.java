package dev.weft.api.spi;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import org.apache.arrow.memory.BufferAllocator;

/** What an engine gets from the driver while it runs a stage. */
public interface StageContext {
    /** The allocator for this stage's buffers; everything allocated from it must be closed before execute returns. */
    BufferAllocator allocator();

    ExecutionSettings settings();

    /** Where the batches of a collect sink go (thread-safe; a batch written is owned by the writer). */
    BatchWriter collectWriter(CollectSink sink);

    /** The channel a stage input reads (bound by the driver: in-process or Arrow Flight). */
    StageInput input(StageInputSource source);

    /** The channel a stage output writes to (bound by the driver: in-process or Arrow Flight). */
    StageOutput output(StageOutputSink sink);

    /** Counters of one operator: rows and bytes out, time spent. */
    OperatorMetrics metrics(LogicalOperator operator);

    boolean isCancelled();
}
