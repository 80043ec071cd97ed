package dev.weft.flight.store;

/** Which in-memory batches of a partition may be spilled, in the order the store tries them. */
enum SpillReason {
    /** Every in-memory batch of a COMPLETE partition (its readers continue from disk). */
    COMPLETE,
    /** The in-memory batches every attached reader has already passed. */
    PASSED,
    /** Every in-memory batch of a partition no reader is attached to. */
    UNREAD,
    /**
     * Every in-memory batch, though attached readers have not read them yet: only when a writer has been blocked with
     * no reader advancing anywhere for the stall timeout (readers stuck behind each other, e.g. a consumer that attached
     * to two streams and reads one after the other); they continue from disk.
     */
    LAGGING
}
