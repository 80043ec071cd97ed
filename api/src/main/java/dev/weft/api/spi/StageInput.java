package dev.weft.api.spi;

import org.apache.arrow.vector.types.pojo.Schema;

/** The partitions of one {@link dev.weft.api.plan.StageInputSource}, as bound by the driver. */
public interface StageInput {
    /** The channel's schema (the source's). */
    Schema schema();

    int partitions();

    /** Opens a reader of one partition (0 ≤ partition < partitions()); each partition is opened once per stage run. */
    BatchReader open(int partition);
}
