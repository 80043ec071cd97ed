package dev.weft.flight.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's memory: the budget every stored batch is charged to, the choice of what to spill when it is full, and
 * the back-pressure that makes a writer wait for readers when nothing can be spilled.
 */
final class StoreMemory {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMemory.class);

    /** A blocked writer looks for something to spill at least this often even if nothing seemed to change. */
    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BufferAllocator allocator;
    private final MemoryLedger ledger;
    private final Optional<Path> spillDirectory;
    private final long stallNanos;
    private final AtomicLong spilledBytes = new AtomicLong();
    private final Set<Partition> partitions = ConcurrentHashMap.newKeySet();

    StoreMemory(BufferAllocator allocator, StoreSettings settings, long stallNanos) {
        this.allocator = allocator;
        this.ledger = new MemoryLedger(settings.memoryBudgetBytes());
        this.spillDirectory = settings.spillDirectory();
        this.stallNanos = stallNanos;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    MemoryLedger ledger() {
        return ledger;
    }

    Path spillDirectory() {
        return spillDirectory.orElseThrow(() -> new IllegalStateException("spilling is disabled"));
    }

    AtomicLong spilledBytes() {
        return spilledBytes;
    }

    void register(Partition partition) {
        partitions.add(partition);
    }

    void unregister(Partition partition) {
        partitions.remove(partition);
    }

    /**
     * Reserves memory for a batch of {@code bytes} for the partition's writer: spills what may be spilled while the
     * budget is full, waits while readers hold the memory (back-pressure), fails when nothing can free memory.
     */
    void reserve(Partition partition, long bytes, BooleanSupplier cancelled) {
        boolean waiting = false;
        long progress = ledger.progress();
        long progressAt = System.nanoTime();
        long scannedVersion = -1;
        long scannedAt = 0;
        boolean scannedStalled = false;
        while (true) {
            partition.checkAppendable();
            if (ledger.tryReserve(bytes)) {
                if (waiting) {
                    LOG.debug("writer of {} resumes", partition.describe());
                }
                return;
            }
            if (cancelled.getAsBoolean()) {
                throw new StoreException(StoreException.Kind.CANCELLED,
                        "writing %s was cancelled while waiting for memory".formatted(partition.describe()));
            }
            if (spillDirectory.isEmpty()) {
                throw exhausted(partition, bytes);
            }
            long now = System.nanoTime();
            boolean stalled = waiting && now - progressAt >= stallNanos;
            long version = ledger.version();
            // looking for something to spill locks every partition: do it again only when something changed
            if (version != scannedVersion || stalled != scannedStalled || now - scannedAt >= RESCAN_NANOS) {
                scannedVersion = version;
                scannedStalled = stalled;
                scannedAt = now;
                if (spillOne(stalled) >= 0) {
                    continue;
                }
            }
            if (ledger.used() == 0) {
                LOG.warn("a batch of {} bytes for {} is larger than the whole memory budget of {} bytes: it is held anyway; raise --memory",
                        bytes, partition.describe(), ledger.budget());
                ledger.forceReserve(bytes);
                return;
            }
            if (!waiting) {
                waiting = true;
                progressAt = System.nanoTime();
                LOG.debug("writer of {} waits for readers: {} of {} bytes held by batches not read yet", partition.describe(),
                        ledger.used(), ledger.budget());
            }
            try {
                ledger.awaitChange(Partition.POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Kind.CANCELLED,
                        "writing %s was interrupted while waiting for memory".formatted(partition.describe()));
            }
            long progressNow = ledger.progress();
            if (progressNow != progress) {
                progress = progressNow;
                progressAt = System.nanoTime();
            }
        }
    }

    /**
     * Spills the partition that frees most for the first reason that finds something: complete partitions, batches
     * every reader passed, partitions nobody reads, and (when {@code lagging}) batches readers have not read yet.
     * Returns the bytes freed, or -1 if nothing could be spilled.
     */
    long spillOne(boolean lagging) {
        for (SpillReason reason : SpillReason.values()) {
            if (reason == SpillReason.LAGGING && !lagging) {
                continue;
            }
            List<Candidate> candidates = new ArrayList<>();
            for (Partition partition : partitions) {
                long spillable = partition.spillableBytes(reason);
                if (spillable > 0) {
                    candidates.add(new Candidate(partition, spillable));
                }
            }
            candidates.sort(Comparator.comparingLong(Candidate::bytes).reversed());
            for (Candidate candidate : candidates) {
                long freed = candidate.partition().spill(reason);
                if (freed >= 0) {
                    return freed;
                }
            }
        }
        return -1;
    }

    private StoreException exhausted(Partition partition, long bytes) {
        String problem = bytes > ledger.budget()
                ? "a batch of %d bytes is larger than the whole memory budget of %d bytes".formatted(bytes, ledger.budget())
                : "the memory budget of %d bytes is full (%d bytes held, the batch needs %d)".formatted(ledger.budget(), ledger.used(), bytes);
        return new StoreException(StoreException.Kind.RESOURCE_EXHAUSTED,
                "cannot store a batch for %s: %s and spilling is disabled; start the Flight server with a larger --memory or a spill directory, or drop finished jobs"
                        .formatted(partition.describe(), problem));
    }

    private record Candidate(Partition partition, long bytes) {}
}
