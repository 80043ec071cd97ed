package dev.weft.flight;

import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A producer for {@link TestFlightProducerCrash}, run in a child JVM: completes partition 1 of the stream (so the
 * stream is known), then writes {@code batches} batches of 1000 rows (0, 1, 2, ...) to partition 0, prints
 * {@value #WROTE} and waits, never completing partition 0, until it is killed.
 *
 * <p>Arguments: port job stage output batches.
 */
public final class ChildProducerMain {
    static final String WROTE = "WROTE";
    static final int ROWS_PER_BATCH = 1000;

    private ChildProducerMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Location location = Location.forGrpcInsecure("127.0.0.1", Integer.parseInt(args[0]));
        FlightStreamId stream = new FlightStreamId(args[1], args[2], args[3]);
        int batches = Integer.parseInt(args[4]);
        BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
        FlightClientPool pool = new FlightClientPool(allocator, FlightCredentials.none());
        try (FlightChannelWriter other = FlightChannelWriter.open(pool, location, new FlightPartitionId(stream, 1), 2,
                SampleBatches.LONGS, allocator)) {
            other.complete();
        }
        FlightChannelWriter writer = FlightChannelWriter.open(pool, location, new FlightPartitionId(stream, 0), 2,
                SampleBatches.LONGS, allocator);
        for (int batch = 0; batch < batches; batch++) {
            writer.write(SampleBatches.longs(allocator, (long) batch * ROWS_PER_BATCH, ROWS_PER_BATCH));
        }
        out.println(WROTE);
        Thread.currentThread().join(); // until killed
    }
}
