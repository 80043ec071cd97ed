package dev.weft.kafka;

import dev.weft.kafka.embedded.EmbeddedKafkaBroker;

/** One embedded broker per test JVM, shared by the test classes, stopped when the JVM exits. */
final class TestBroker {
    private static EmbeddedKafkaBroker broker;

    private TestBroker() {}

    static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start();
            EmbeddedKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "weft-test-broker-stop"));
        }
        return broker;
    }
}
