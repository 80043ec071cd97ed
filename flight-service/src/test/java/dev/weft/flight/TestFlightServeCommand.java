package dev.weft.flight;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.channels.flight.FlightCredentials;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.junit.jupiter.api.Test;

/** `weft flight serve`: its options, its errors and a real run until it is told to stop. */
class TestFlightServeCommand extends ServerTestBase {
    private static final Pattern LISTENING = Pattern.compile("Weft Flight service listening on (grpc\\+tcp://127\\.0\\.0\\.1:(\\d+))");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, UTF_8);

    @Test
    void anUnknownOptionIsAUsageErrorNamingItAndListingTheValidOnes() {
        assertThat(runWithoutServing("--port", "0", "--bogus")).isEqualTo(FlightServeCommand.EXIT_USAGE);
        assertThat(err()).contains("unknown option '--bogus'")
                .contains("--port", "--host", "--token-file", "--memory", "--spill-dir", "--no-spill", "--tls-cert", "--tls-key");
    }

    @Test
    void badValuesAreUsageErrorsSayingWhatIsWrong() {
        assertUsageError(new String[] {"--memory", "12q"}, "--memory '12q' is not a size", "512m");
        assertUsageError(new String[] {"--memory", "0"}, "--memory '0' is zero");
        assertUsageError(new String[] {"--memory=99999999999t"}, "too large");
        assertUsageError(new String[] {"--port", "abc"}, "--port 'abc' is not a port", "0..65535");
        assertUsageError(new String[] {"--port", "70000"}, "--port '70000' is not a port");
        assertUsageError(new String[] {"--port"}, "--port needs a value");
        assertUsageError(new String[] {"--host", " "}, "--host needs a non-blank value");
        assertUsageError(new String[] {"--no-spill", "--spill-dir", temp.toString()}, "contradict");
        assertUsageError(new String[] {"--no-spill=yes"}, "--no-spill takes no value");
        assertUsageError(new String[] {"--tls-cert", temp.resolve("missing.pem").toString()}, "missing.pem", "does not exist");
    }

    @Test
    void tlsNeedsBothFiles() throws Exception {
        Path certificate = Files.writeString(temp.resolve("cert.pem"), "x");
        assertUsageError(new String[] {"--tls-cert", certificate.toString()}, "--tls-cert and --tls-key");
    }

    @Test
    void anUnreadableOrEmptyTokenFileIsAClearError() throws Exception {
        Path missing = temp.resolve("no-tokens.txt");
        assertUsageError(new String[] {"--token-file", missing.toString()}, "--token-file " + missing, "cannot be read");

        Path empty = Files.writeString(temp.resolve("empty-tokens.txt"), "# only a comment\n\n   \n");
        assertUsageError(new String[] {"--token-file", empty.toString()}, "--token-file " + empty, "has no tokens");

        Path spaced = Files.writeString(temp.resolve("spaced-tokens.txt"), "two words\n");
        assertUsageError(new String[] {"--token-file", spaced.toString()}, "one token per line");
        assertThat(err()).doesNotContain("two words");
    }

    @Test
    void helpPrintsTheOptions() {
        assertThat(runWithoutServing("--help")).isEqualTo(FlightServeCommand.EXIT_OK);
        assertThat(out()).contains("Usage: weft flight serve", "--token-file");
    }

    @Test
    void aPortInUseFailsToStartNamingThePort() {
        WeftFlightServer other = startServer(FlightServiceConfig.builder());
        int port = other.location().getUri().getPort();
        assertThat(runWithoutServing("--port", Integer.toString(port))).isEqualTo(FlightServeCommand.EXIT_FAILED);
        assertThat(err()).contains("127.0.0.1:" + port);
    }

    @Test
    void servesWithTokensUntilToldToStop() throws Exception {
        Path tokens = Files.writeString(temp.resolve("tokens.txt"), "# the service's tokens\n\ntoken-one\n  token-two  \n");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> command = CompletableFuture.supplyAsync(() -> FlightServeCommand.run(
                new String[] {"--port", "0", "--memory", "64m", "--token-file", tokens.toString(),
                        "--spill-dir", temp.resolve("spill").toString()},
                out, err, () -> {
                    started.countDown();
                    await(stop);
                }));
        try {
            assertThat(started.await(30, TimeUnit.SECONDS)).as("service started; err: %s", errBytes).isTrue();
            Matcher listening = LISTENING.matcher(out());
            assertThat(listening.find()).as("listening line in %s", out()).isTrue();
            assertThat(Integer.parseInt(listening.group(2))).isPositive();
            assertThat(out()).contains("64 MiB", "bearer tokens required (2 accepted)").doesNotContain("token-one", "token-two");

            FlightClient client = rawClient(new Location(new URI(listening.group(1))));
            assertThat(client.doAction(new Action(ServiceActions.HEALTH), FlightCredentials.bearer("token-two").callOptions()).next().getBody())
                    .asString(UTF_8).contains("\"memoryBudgetBytes\":67108864");
            assertFlightStatus(() -> client.doAction(new Action(ServiceActions.HEALTH)).next(), FlightStatusCode.UNAUTHENTICATED);
        } finally {
            stop.countDown();
        }
        assertThat(command.get(30, TimeUnit.SECONDS)).isEqualTo(FlightServeCommand.EXIT_OK);
        assertThat(out()).contains("Weft Flight service stopped");
    }

    @Test
    void stopsGracefullyWhenItsJvmIsAskedToStop() throws Exception {
        Process child = ChildJvm.start(Files.createDirectories(temp.resolve("serve")), ServeCommandMain.class,
                List.of("--port", "0", "--memory", "32m", "--no-spill"));
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
            String listening = CompletableFuture.supplyAsync(() -> readUntil(lines, LISTENING)).get(60, TimeUnit.SECONDS);
            Matcher location = LISTENING.matcher(listening);
            assertThat(location.find()).as("listening line, got %s", listening).isTrue();
            FlightClient client = rawClient(new Location(new URI(location.group(1))));
            assertThat(client.doAction(new Action(ServiceActions.HEALTH)).hasNext()).isTrue();

            // SIGTERM, and the JVM runs its shutdown hooks (Process.destroy() would also close our end of its stdout)
            assertThat(child.toHandle().destroy()).isTrue();
            String stopped = CompletableFuture.supplyAsync(() -> readUntil(lines, Pattern.compile("Weft Flight service stopped")))
                    .get(60, TimeUnit.SECONDS);
            assertThat(stopped).as("output after SIGTERM").isEqualTo("Weft Flight service stopped");
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The first line with a match of the pattern; the lines read so far if the stream ends first. */
    private static String readUntil(BufferedReader lines, Pattern pattern) {
        StringBuilder seen = new StringBuilder();
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
                seen.append(line).append('\n');
            }
            return seen.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertUsageError(String[] args, String... messageParts) {
        errBytes.reset();
        assertThat(runWithoutServing(args)).as("exit code of %s", String.join(" ", args)).isEqualTo(FlightServeCommand.EXIT_USAGE);
        assertThat(err()).contains(messageParts).contains("Usage: weft flight serve");
    }

    private int runWithoutServing(String... args) {
        return FlightServeCommand.run(args, out, err, () -> fail("the service should not have started"));
    }

    private String out() {
        return outBytes.toString(UTF_8);
    }

    private String err() {
        return errBytes.toString(UTF_8);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never told the service to stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
