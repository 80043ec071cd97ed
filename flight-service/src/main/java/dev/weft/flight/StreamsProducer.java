package dev.weft.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import dev.weft.flight.store.PartitionReader;
import dev.weft.flight.store.PartitionWriter;
import dev.weft.flight.store.StoreException;
import dev.weft.flight.store.StreamStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link StreamStore} over Flight: DoPut stores one partition, DoGet reads one back (while it is still being
 * written, if need be), GetFlightInfo / ListFlights describe streams and {@link ServiceActions} the lifecycle actions.
 *
 * <p>Back-pressure on DoGet polls {@code listener.isReady()} with a short park (Arrow's callback strategy timed out on
 * this machine); on DoPut the store's append blocks, so the Flight stream stops asking the client for more.
 */
final class StreamsProducer extends NoOpFlightProducer {
    private static final Logger log = LoggerFactory.getLogger(StreamsProducer.class);
    private static final long READY_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long MAX_READY_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int MAX_TICKETS_LOGGED = 16;

    private final StreamStore store;
    private final BufferAllocator allocator;
    private final ServiceActions actions;
    private final ActiveCalls activeCalls = new ActiveCalls();
    private final Set<FlightStreamId> announcedStreams = ConcurrentHashMap.newKeySet();
    private volatile Location location;
    private volatile boolean aborting;
    /** DoPut threads still waiting for their call's first message (the descriptor); shutdown need not wait for them. */
    private final Set<Thread> awaitingDescriptor = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    /**
     * @param allocator where DoGet's outgoing batches are assembled (the buffers themselves are the store's)
     */
    StreamsProducer(StreamStore store, BufferAllocator allocator, long memoryBudgetBytes) {
        this(store, allocator, memoryBudgetBytes, java.util.Map.of());
    }

    StreamsProducer(StreamStore store, BufferAllocator allocator, long memoryBudgetBytes, java.util.Map<String, ActionHandler> customActions) {
        this.store = requireNonNull(store, "store is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.actions = new ServiceActions(store, memoryBudgetBytes, this::forgetJob, customActions);
    }

    /** The location advertised in FlightInfo endpoints; known once the server is bound. */
    void location(Location location) {
        this.location = requireNonNull(location, "location is null");
    }

    ActiveCalls activeCalls() {
        return activeCalls;
    }

    /**
     * Ends, at once, DoPuts that have not received their descriptor yet: a producer that cancelled its call before the
     * first message leaves such a call waiting forever (Flight does not fail the descriptor on cancel). They hold no data.
     */
    void endUnidentifiedPuts() {
        shuttingDown = true;
        awaitingDescriptor.forEach(Thread::interrupt);
    }

    /** Makes running DoGets and DoPuts stop with UNAVAILABLE (the shutdown timeout has passed). */
    void abort() {
        aborting = true;
    }

    // ---- DoPut -------------------------------------------------------------------------------------------------

    private FlightDescriptor awaitDescriptor(FlightStream flightStream) {
        Thread current = Thread.currentThread();
        awaitingDescriptor.add(current);
        try {
            if (shuttingDown) {
                throw CallStatus.UNAVAILABLE.withDescription("the Weft Flight service is shutting down").toRuntimeException();
            }
            return flightStream.getDescriptor();
        } finally {
            awaitingDescriptor.remove(current);
            if (shuttingDown) {
                Thread.interrupted(); // an interrupt meant for the wait must not outlive it on this pooled thread
            }
        }
    }

    @Override
    public Runnable acceptPut(CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
        return () -> {
            ActiveCalls.Call call = activeCalls.enter();
            try {
                receive(flightStream, () -> aborting || context.isCancelled());
            } finally {
                call.close();
            }
            ackStream.onCompleted();
        };
    }

    private void receive(FlightStream flightStream, BooleanSupplier cancelled) {
        FlightDescriptor descriptor = awaitDescriptor(flightStream);
        FlightPartitionId id;
        int partitionCount;
        try {
            id = FlightPartitionId.fromPutDescriptor(descriptor);
            partitionCount = FlightPartitionId.putPartitionCount(descriptor);
        } catch (IllegalArgumentException e) {
            throw FlightStatuses.invalidArgument(("Bad DoPut descriptor %s: %s. A Weft producer sends "
                    + "FlightPartitionId.putDescriptor(partitionCount), the path job/stage/output/partition/partitionCount.")
                    .formatted(descriptor, e.getMessage()), e);
        }
        Schema schema = flightStream.getSchema();
        PartitionWriter writer = openWriter(id, partitionCount, schema);
        announce(id.stream(), partitionCount);
        try (writer) {
            while (nextBatch(flightStream, id, writer)) {
                writer.append(flightStream.getRoot(), cancelled);
            }
            writer.complete();
            log.debug("Stored partition {} of stream {}", id.partition(), describe(id.stream()));
        } catch (StoreException e) {
            if (aborting) {
                failQuietly(writer, "the Flight service shut down while receiving it; rerun the stage that produces it");
                throw FlightStatuses.shuttingDown("the DoPut of partition %d of stream %s".formatted(id.partition(), describe(id.stream())));
            }
            if (e.kind() == StoreException.Kind.CANCELLED && cancelled.getAsBoolean()) {
                // the client went away while the store made it wait
                String reason = producerGone(id, e);
                failQuietly(writer, reason);
                throw CallStatus.CANCELLED.withDescription(reason).withCause(e).toRuntimeException();
            }
            failQuietly(writer, e.getMessage());
            throw FlightStatuses.fromStore(e);
        } catch (FlightRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("DoPut of partition {} of stream {} failed", id.partition(), describe(id.stream()), e);
            failQuietly(writer, "the Flight service failed while storing it (%s)".formatted(FlightStatuses.describe(e)));
            throw FlightStatuses.internal("storing partition %d of stream %s".formatted(id.partition(), describe(id.stream())), e);
        }
    }

    private PartitionWriter openWriter(FlightPartitionId id, int partitionCount, Schema schema) {
        try {
            return store.openWriter(id, partitionCount, schema);
        } catch (StoreException e) {
            throw FlightStatuses.fromStore(e);
        }
    }

    /** The next batch of the client's stream; if the client failed or went away, fails the partition first. */
    private boolean nextBatch(FlightStream flightStream, FlightPartitionId id, PartitionWriter writer) {
        try {
            return flightStream.next();
        } catch (RuntimeException e) {
            if (aborting) {
                failQuietly(writer, "the Flight service shut down while receiving it; rerun the stage that produces it");
                throw FlightStatuses.shuttingDown("the DoPut of partition %d of stream %s".formatted(id.partition(), describe(id.stream())));
            }
            String reason = producerGone(id, e);
            failQuietly(writer, reason);
            log.warn("DoPut of partition {} of stream {} ended without completing: {}", id.partition(), describe(id.stream()),
                    FlightStatuses.describe(e));
            throw CallStatus.CANCELLED.withDescription(reason).withCause(e).toRuntimeException();
        }
    }

    private static String producerGone(FlightPartitionId id, Throwable cause) {
        return ("the producer of partition %d of stream %s failed or disconnected before completing it (%s); "
                + "rerun the stage that produces it").formatted(id.partition(), describe(id.stream()), FlightStatuses.describe(cause));
    }

    private static void failQuietly(PartitionWriter writer, String reason) {
        try {
            writer.fail(reason);
        } catch (RuntimeException e) {
            log.debug("Could not mark a partition failed ({}); it is closed or dropped already", FlightStatuses.describe(e));
        }
    }

    /** Logs a stream's tickets at its first DoPut, so whoever runs `weft flight serve` can copy them. */
    private void announce(FlightStreamId stream, int partitionCount) {
        if (!announcedStreams.add(stream) || !log.isInfoEnabled()) {
            return;
        }
        List<String> tickets = new ArrayList<>();
        for (int partition = 0; partition < Math.min(partitionCount, MAX_TICKETS_LOGGED); partition++) {
            tickets.add(new FlightPartitionId(stream, partition).ticketText());
        }
        String more = partitionCount > MAX_TICKETS_LOGGED ? " and %d more".formatted(partitionCount - MAX_TICKETS_LOGGED) : "";
        log.info("Receiving stream {} ({} partitions); DoGet tickets: {}{}", describe(stream), partitionCount,
                String.join(" ", tickets), more);
    }

    private void forgetJob(String job) {
        announcedStreams.removeIf(stream -> stream.job().equals(job));
    }

    // ---- DoGet -------------------------------------------------------------------------------------------------

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        ActiveCalls.Call call = activeCalls.enter();
        try {
            FlightPartitionId id;
            try {
                id = FlightPartitionId.fromTicket(ticket);
            } catch (IllegalArgumentException e) {
                throw FlightStatuses.notFound("Unknown ticket: %s. Use a ticket from GetFlightInfo (one per partition) "
                        .formatted(e.getMessage()) + "or from the service log.");
            }
            send(id, listener);
        } catch (FlightRuntimeException e) {
            errorQuietly(listener, e);
        } finally {
            call.close();
        }
    }

    private void send(FlightPartitionId id, ServerStreamListener listener) {
        BooleanSupplier cancelled = () -> aborting || listener.isCancelled();
        String what = "the DoGet of ticket %s".formatted(id.ticketText());
        try (PartitionReader reader = store.openReader(id);
                VectorSchemaRoot root = VectorSchemaRoot.create(reader.schema(), allocator)) {
            VectorLoader loader = new VectorLoader(root);
            listener.start(root);
            ArrowRecordBatch batch;
            while ((batch = reader.next(cancelled)) != null) {
                try (ArrowRecordBatch loaded = batch) {
                    loader.load(loaded);
                }
                if (!awaitReady(listener)) {
                    if (aborting) {
                        throw FlightStatuses.shuttingDown(what);
                    }
                    log.debug("DoGet of {} cancelled by the client", id.ticketText());
                    return;
                }
                listener.putNext();
            }
            listener.completed();
        } catch (StoreException e) {
            if (aborting) {
                throw FlightStatuses.shuttingDown(what);
            }
            if (listener.isCancelled()) {
                log.debug("DoGet of {} cancelled by the client", id.ticketText());
                return;
            }
            throw FlightStatuses.fromStore(e);
        } catch (FlightRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("DoGet of {} failed", id.ticketText(), e);
            throw FlightStatuses.internal("sending ticket %s".formatted(id.ticketText()), e);
        }
    }

    /** Waits until the client can take another batch; false if the call was cancelled or the service is aborting. */
    private boolean awaitReady(ServerStreamListener listener) {
        long parkNanos = READY_POLL_NANOS;
        while (!listener.isReady()) {
            if (aborting || listener.isCancelled()) {
                return false;
            }
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos * 2, MAX_READY_POLL_NANOS);
        }
        return !(aborting || listener.isCancelled());
    }

    private static void errorQuietly(ServerStreamListener listener, FlightRuntimeException error) {
        try {
            listener.error(error);
        } catch (RuntimeException e) {
            log.debug("Could not send an error to a DoGet client that went away: {}", FlightStatuses.describe(e));
        }
    }

    // ---- Metadata and actions ----------------------------------------------------------------------------------

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        FlightStreamId id;
        try {
            id = FlightStreamId.fromDescriptor(descriptor);
        } catch (IllegalArgumentException e) {
            throw FlightStatuses.invalidArgument(("Bad GetFlightInfo descriptor %s: %s. Pass FlightStreamId.descriptor(), "
                    + "the path job/stage/output.").formatted(descriptor, e.getMessage()), e);
        }
        return store.info(id)
                .map(info -> FlightInfos.of(info, currentLocation()))
                .orElseThrow(() -> FlightStatuses.notFound(("No stream %s on this Weft Flight service: no producer has "
                        + "written it yet, or its job was dropped. ListFlights shows the streams it holds.").formatted(describe(id))));
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        String job = criteria == null || criteria.getExpression() == null || criteria.getExpression().length == 0
                ? null
                : new String(criteria.getExpression(), StandardCharsets.UTF_8);
        Location advertised = currentLocation();
        store.streams().stream()
                .filter(info -> job == null || info.id().job().equals(job))
                .forEach(info -> listener.onNext(FlightInfos.of(info, advertised)));
        listener.onCompleted();
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        actions.run(action, listener);
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        actions.types().forEach(listener::onNext);
        listener.onCompleted();
    }

    private Location currentLocation() {
        Location current = location;
        if (current == null) {
            throw CallStatus.UNAVAILABLE.withDescription("The Weft Flight service is still starting; retry in a moment.")
                    .toRuntimeException();
        }
        return current;
    }

    static String describe(FlightStreamId stream) {
        return "%s/%s/%s".formatted(stream.job(), stream.stage(), stream.output());
    }
}
