package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code weft explain orders-demo} and {@code weft run orders-demo} as the README shows them: each starts and stops its own servers. */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TestOrdersDemoCommand {
    @Test
    void explainShowsPostgresAndJava() {
        Outcome result = run("explain", "orders-demo");

        assertThat(result.status()).as("stderr: %s", result.stderr()).isZero();
        assertThat(result.stdout()).contains("jdbc-source #").contains("kafka-source #").contains("engine=jdbc").contains("engine=java");
    }

    @Test
    void runPrintsTheTenOrdersWithTheMostRevenue() {
        Outcome result = run("run", "orders-demo");

        assertThat(result.status()).as("stderr: %s", result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("l_orderkey,revenue,o_orderdate,o_shippriority");
        assertThat(lines).hasSize(11);
    }

    @Test
    void rejectsAnOptionItDoesNotTake() {
        Outcome result = run("run", "orders-demo", "--input", "x.txt");

        assertThat(result.status()).isNotZero();
        assertThat(result.stderr()).contains("--input").contains("orders-demo");
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, stdout, stderr);
        }
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Outcome(int status, String stdout, String stderr) {
    }
}
