package dev.weft.optimizer.cost;

import java.util.List;

/**
 * The names of the channels that carry data between stages on different engines; the keys of a cost profile's
 * "channels" object.
 * <ul>
 *   <li>{@value #IN_PROCESS}: Arrow batches handed over by reference; only between two engines in the driver JVM.</li>
 *   <li>{@value #FLIGHT}: Arrow Flight streams over the network (or loopback).</li>
 *   <li>{@value #ARROW_IPC_FILE}: Arrow IPC files on a shared file system.</li>
 *   <li>{@value #JDBC_BULK_LOAD}: rows loaded into (or read from) a database with its bulk interface.</li>
 * </ul>
 */
public final class Channels {
    public static final String IN_PROCESS = "in-process";
    public static final String FLIGHT = "flight";
    public static final String ARROW_IPC_FILE = "arrow-ipc-file";
    public static final String JDBC_BULK_LOAD = "jdbc-bulk-load";

    private static final List<String> ALL = List.of(IN_PROCESS, FLIGHT, ARROW_IPC_FILE, JDBC_BULK_LOAD);

    private Channels() {
    }

    /** Every channel name, cheapest kind first (the order profiles are written in). */
    public static List<String> all() {
        return ALL;
    }

    public static boolean isKnown(String name) {
        return ALL.contains(name);
    }
}
