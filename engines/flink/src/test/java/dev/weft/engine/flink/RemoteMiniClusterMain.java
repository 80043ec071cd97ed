package dev.weft.engine.flink;

import dev.weft.engine.flink.cluster.MiniClusterFlink;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * A "remote" Flink cluster for tests: a MiniCluster with its REST endpoint on a free port, in its own JVM. Prints
 * {@code FLINK-CLUSTER-READY port=<rest port>} once it accepts jobs and exits when its stdin closes (the test died or
 * finished). Arguments: work directory, slots.
 */
public final class RemoteMiniClusterMain {
    public static final String READY = "FLINK-CLUSTER-READY port=";

    private RemoteMiniClusterMain() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        int slots = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        try (MiniClusterFlink cluster = MiniClusterFlink.start(work, slots, 0, new Configuration(), RemoteMiniClusterMain.class.getClassLoader())) {
            out.println(READY + cluster.restPort());
            InputStream in = System.in;
            while (in.read() >= 0) {
                // wait for the parent to close stdin
            }
        }
        Runtime.getRuntime().halt(0);
    }
}
