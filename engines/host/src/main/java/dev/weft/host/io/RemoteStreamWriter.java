package dev.weft.host.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchWriter;
import dev.weft.channels.flight.FlightChannelWriter;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one partition of a {@link dev.weft.channels.flight.RemoteStream} (a DoPut to the stream's server). The
 * partition exists for readers only once {@link #complete()} returned; {@link #close()} before that fails it, so a
 * reader never takes a cut-short partition for a whole one. {@link #write} is thread-safe and takes ownership.
 */
public final class RemoteStreamWriter implements BatchWriter, AutoCloseable {
    private final FlightChannelWriter writer;
    private final String description;
    private boolean completed;
    private boolean failed;

    RemoteStreamWriter(FlightChannelWriter writer, String description) {
        this.writer = requireNonNull(writer, "writer is null");
        this.description = requireNonNull(description, "description is null");
    }

    /** Sends the batch (takes ownership: closes it, also when it throws); waits while the server applies back-pressure. */
    @Override
    public void write(VectorSchemaRoot batch) {
        writer.write(batch);
    }

    /** Ends the partition successfully; WeftException(CHANNEL_FAILED) if the server did not accept all of it. */
    public synchronized void complete() {
        if (failed) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED, "cannot complete %s: it was failed before".formatted(description));
        }
        writer.complete();
        completed = true;
    }

    /** Ends the partition with an error readers will see. */
    public synchronized void fail(Throwable cause) {
        requireNonNull(cause, "cause is null");
        if (completed || failed) {
            return;
        }
        failed = true;
        writer.fail(cause);
    }

    public long rowsWritten() {
        return writer.rowsWritten();
    }

    public long bytesWritten() {
        return writer.bytesWritten();
    }

    /** Fails the partition if it was not completed, and frees the writer. Idempotent. */
    @Override
    public synchronized void close() {
        if (!completed && !failed) {
            fail(new WeftException(ErrorCode.CHANNEL_FAILED, "%s was closed before it was completed".formatted(description)));
        }
        writer.close();
    }

    @Override
    public String toString() {
        return "RemoteStreamWriter[%s]".formatted(description);
    }
}
