package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test-only Flight server on loopback (Weft's real server lives in flight-service, which depends on this module): stores
 * DoPut partitions in memory (keyed by the put descriptor) and serves them by DoGet (keyed by the ticket) once they are
 * complete. It can be told to refuse a DoPut after its first batch, to fail a partition, or to break a DoGet after some
 * batches; it can require a bearer token and records the authorization headers it saw.
 */
final class LoopbackStreamsProducer extends NoOpFlightProducer implements AutoCloseable {
    private static final Duration WAIT_FOR_PARTITION = Duration.ofMillis(500);

    private final BufferAllocator allocator;
    private final FlightServer server;
    private final Map<FlightPartitionId, StoredPartition> partitions = new ConcurrentHashMap<>();
    private final Map<FlightPartitionId, String> refusePutAfterFirstBatch = new ConcurrentHashMap<>();
    private final Map<FlightPartitionId, Integer> breakGetAfter = new ConcurrentHashMap<>();
    private final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();

    private LoopbackStreamsProducer(BufferAllocator parent, Optional<String> token, Optional<TlsFiles> tls) {
        this.allocator = parent.newChildAllocator("loopback-flight-server", 0, Long.MAX_VALUE);
        try {
            Location bind = tls.isPresent() ? Location.forGrpcTls("127.0.0.1", 0) : Location.forGrpcInsecure("127.0.0.1", 0);
            FlightServer.Builder builder = FlightServer.builder(allocator, bind, this);
            token.ifPresent(expected -> builder.headerAuthenticator(authenticator(expected)));
            if (tls.isPresent()) {
                try (InputStream chain = tls.get().certificateChain(); InputStream key = tls.get().privateKey()) {
                    builder.useTls(chain, key);
                }
            }
            this.server = builder.build().start();
        } catch (IOException e) {
            allocator.close();
            throw new UncheckedIOException(e);
        }
    }

    static LoopbackStreamsProducer start(BufferAllocator parent) {
        return new LoopbackStreamsProducer(parent, Optional.empty(), Optional.empty());
    }

    static LoopbackStreamsProducer startWithToken(BufferAllocator parent, String token) {
        return new LoopbackStreamsProducer(parent, Optional.of(token), Optional.empty());
    }

    static LoopbackStreamsProducer startWithTls(BufferAllocator parent, TlsFiles tls) {
        return new LoopbackStreamsProducer(parent, Optional.empty(), Optional.of(tls));
    }

    /** PEM certificate chain and PKCS#8 private key of a TLS server. */
    interface TlsFiles {
        InputStream certificateChain() throws IOException;

        InputStream privateKey() throws IOException;
    }

    Location location() {
        String host = "127.0.0.1";
        return server.getLocation().getUri().getScheme().equals("grpc+tls")
                ? Location.forGrpcTls(host, server.getPort())
                : Location.forGrpcInsecure(host, server.getPort());
    }

    /** The DoPut of the partition is refused (RESOURCE_EXHAUSTED with this description) after its first batch. */
    void refusePutAfterFirstBatch(FlightPartitionId partition, String description) {
        refusePutAfterFirstBatch.put(partition, description);
    }

    /** DoGets of the partition send this many batches, then fail (INTERNAL "connection lost"). */
    void breakGetAfter(FlightPartitionId partition, int batches) {
        breakGetAfter.put(partition, batches);
    }

    /** Marks a stored partition failed, as when its producer failed. */
    void failPartition(FlightPartitionId partition, String reason) {
        StoredPartition stored = requireNonNull(partitions.get(partition), "unknown partition " + partition);
        stored.fail(reason);
    }

    /** The state of a partition on the server, empty if no DoPut registered it. */
    Optional<String> state(FlightPartitionId partition) {
        return Optional.ofNullable(partitions.get(partition)).map(StoredPartition::state);
    }

    /** Rows the server received for the partition (0 if unknown). */
    long rowsReceived(FlightPartitionId partition) {
        StoredPartition stored = partitions.get(partition);
        return stored == null ? 0 : stored.rows();
    }

    /** Waits (a few seconds at most) until the server has received this many rows of the partition. */
    void awaitRows(FlightPartitionId partition, long rows) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (rowsReceived(partition) < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server received %d of %d rows of %s".formatted(rowsReceived(partition), rows, partition.ticketText()));
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Waits (a few seconds at most) until the partition is no longer open on the server. */
    String awaitFinished(FlightPartitionId partition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<String> state = state(partition);
            if (state.isPresent() && !state.get().equals("OPEN")) {
                return state.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("partition %s is still %s on the server".formatted(partition.ticketText(), state.orElse("unknown")));
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    List<String> authorizationHeaders() {
        return List.copyOf(authorizationHeaders);
    }

    @Override
    public Runnable acceptPut(CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> {
            FlightPartitionId id;
            int partitionCount;
            try {
                FlightDescriptor descriptor = flightStream.getDescriptor();
                id = FlightPartitionId.fromPutDescriptor(descriptor);
                partitionCount = FlightPartitionId.putPartitionCount(descriptor);
            } catch (IllegalArgumentException e) {
                ackStream.onError(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException());
                return;
            } catch (RuntimeException e) {
                ackStream.onError(e);
                return;
            }
            StoredPartition stored;
            try {
                stored = new StoredPartition(flightStream.getSchema(), partitionCount);
            } catch (RuntimeException e) {
                ackStream.onError(e);
                return;
            }
            if (partitions.putIfAbsent(id, stored) != null) {
                ackStream.onError(CallStatus.INVALID_ARGUMENT
                        .withDescription("partition %s was already written".formatted(id.ticketText())).toRuntimeException());
                return;
            }
            try {
                VectorSchemaRoot root = flightStream.getRoot();
                VectorUnloader unloader = new VectorUnloader(root);
                while (flightStream.next()) {
                    stored.add(unloader.getRecordBatch(), root.getRowCount());
                    String refusal = refusePutAfterFirstBatch.get(id);
                    if (refusal != null) {
                        stored.fail(refusal);
                        ackStream.onError(CallStatus.RESOURCE_EXHAUSTED.withDescription(refusal).toRuntimeException());
                        return;
                    }
                }
                stored.complete();
                ackStream.onCompleted();
            } catch (RuntimeException e) {
                stored.fail("the producer of %s went away: %s".formatted(id.ticketText(), e.getMessage()));
                ackStream.onError(e);
            }
        };
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        FlightPartitionId id;
        try {
            id = FlightPartitionId.fromTicket(ticket);
        } catch (IllegalArgumentException e) {
            listener.error(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException());
            return;
        }
        StoredPartition stored = awaitPartition(id);
        if (stored == null) {
            listener.error(CallStatus.NOT_FOUND
                    .withDescription("partition %s is unknown: no producer wrote it".formatted(id.ticketText())).toRuntimeException());
            return;
        }
        List<ArrowRecordBatch> batches;
        try {
            batches = stored.awaitComplete(listener::isCancelled);
        } catch (IllegalStateException e) {
            listener.error(CallStatus.INTERNAL
                    .withDescription("stream %s failed: %s".formatted(id.ticketText(), e.getMessage())).toRuntimeException());
            return;
        }
        int breakAfter = breakGetAfter.getOrDefault(id, Integer.MAX_VALUE);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(stored.schema(), allocator)) {
            listener.start(root);
            VectorLoader loader = new VectorLoader(root);
            int sent = 0;
            for (ArrowRecordBatch batch : batches) {
                if (sent == breakAfter) {
                    listener.error(CallStatus.INTERNAL.withDescription("connection to the store lost").toRuntimeException());
                    return;
                }
                while (!listener.isReady()) {
                    if (listener.isCancelled()) {
                        return;
                    }
                    LockSupport.parkNanos(100_000L);
                }
                loader.load(batch);
                listener.putNext();
                sent++;
            }
            listener.completed();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the loopback Flight server", e);
        } finally {
            partitions.values().forEach(StoredPartition::release);
            partitions.clear();
            allocator.close();
        }
    }

    private StoredPartition awaitPartition(FlightPartitionId id) {
        long deadline = System.nanoTime() + WAIT_FOR_PARTITION.toNanos();
        StoredPartition stored = partitions.get(id);
        while (stored == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
            stored = partitions.get(id);
        }
        return stored;
    }

    private CallHeaderAuthenticator authenticator(String expected) {
        return headers -> {
            String header = headers.get(Auth2Constants.AUTHORIZATION_HEADER);
            authorizationHeaders.add(String.valueOf(header));
            String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
            if (!expected.equals(bearer)) {
                throw CallStatus.UNAUTHENTICATED.withDescription("missing or invalid bearer token").toRuntimeException();
            }
            return () -> "weft-test-peer";
        };
    }

    /** One partition's batches, with its state; guarded by its monitor. */
    private static final class StoredPartition {
        private final Schema schema;
        private final int partitionCount;
        private final List<ArrowRecordBatch> batches = new ArrayList<>();
        private long rows;
        private String state = "OPEN";
        private String failure;

        StoredPartition(Schema schema, int partitionCount) {
            this.schema = schema;
            this.partitionCount = partitionCount;
        }

        Schema schema() {
            return schema;
        }

        synchronized void add(ArrowRecordBatch batch, int rowCount) {
            if (!state.equals("OPEN")) {
                batch.close();
                throw new IllegalStateException("partition is " + state);
            }
            batches.add(batch);
            rows += rowCount;
        }

        synchronized long rows() {
            return rows;
        }

        synchronized String state() {
            return state;
        }

        synchronized void complete() {
            if (state.equals("OPEN")) {
                state = "COMPLETE";
                notifyAll();
            }
        }

        synchronized void fail(String reason) {
            if (!state.equals("FAILED")) {
                state = "FAILED";
                failure = reason;
                notifyAll();
            }
        }

        /** The batches once complete; IllegalStateException(reason) if failed; empty list if the reader went away. */
        synchronized List<ArrowRecordBatch> awaitComplete(BooleanSupplier cancelled) {
            while (state.equals("OPEN")) {
                if (cancelled.getAsBoolean()) {
                    return List.of();
                }
                try {
                    wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (state.equals("FAILED")) {
                throw new IllegalStateException(failure);
            }
            return List.copyOf(batches);
        }

        synchronized void release() {
            batches.forEach(ArrowRecordBatch::close);
            batches.clear();
        }

        @Override
        public synchronized String toString() {
            return "StoredPartition[%s, %d of %d partitions, %d batches]".formatted(state, rows, partitionCount, batches.size());
        }
    }
}
