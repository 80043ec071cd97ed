package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.types.ElementType;
import dev.weft.channels.InProcessChannel;
import dev.weft.channels.RefCountedBatch;
import dev.weft.channels.RowDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The driver's end of a collect sink: the engine writes batches into an {@link InProcessChannel} (by reference, no
 * copy) and a reader thread turns them into Java elements as they arrive, so at most {@link #CAPACITY} batches wait
 * in Arrow memory; a slow reader slows the engine down instead of piling up batches.
 */
final class CollectReader implements AutoCloseable {
    static final int CAPACITY = 16;

    private final InProcessChannel channel;
    private final ElementType<?> elementType;
    private final List<Object> elements = new ArrayList<>();
    private final Thread thread;
    private volatile Throwable failure;

    CollectReader(String name, ElementType<?> elementType) {
        this.channel = new InProcessChannel(requireNonNull(name, "name is null"), CAPACITY);
        this.elementType = requireNonNull(elementType, "elementType is null");
        this.thread = new Thread(this::read, name);
        thread.setDaemon(true);
        thread.start();
    }

    BatchWriter writer() {
        return channel;
    }

    private void read() {
        try {
            // Inside the try: a type the decoder cannot read must fail the job, not end this thread silently.
            @SuppressWarnings("unchecked")
            RowDecoder<Object> decoder = RowDecoder.create((ElementType<Object>) elementType);
            Optional<RefCountedBatch> next;
            while ((next = channel.take()).isPresent()) {
                try (RefCountedBatch batch = next.get()) {
                    decoder.bind(batch.root());
                    int rows = batch.rowCount();
                    for (int row = 0; row < rows; row++) {
                        elements.add(decoder.get(row));
                    }
                }
            }
        } catch (Throwable e) {
            failure = e;
            channel.close();
        }
    }

    /** The reader's own failure, if it stopped reading (the engine then fails writing to a closed channel). */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** After the engine finished the stage: the elements, in the order written. */
    List<Object> finish() {
        channel.complete();
        join();
        Throwable error = failure;
        if (error != null) {
            throw error instanceof WeftException weft ? weft
                    : new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "collecting %s failed: %s".formatted(channel.name(), error), error);
        }
        return elements;
    }

    /** After a failure: the reader stops, queued batches are released. */
    void abort(Throwable cause) {
        channel.fail(cause);
        join();
    }

    @Override
    public void close() {
        channel.close();
        join();
    }

    private void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
