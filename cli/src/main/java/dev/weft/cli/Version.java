package dev.weft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, from the Maven descriptor inside the jar. */
final class Version {
    private static final String DESCRIPTOR = "/META-INF/maven/dev.weft/weft-cli/pom.properties";

    private Version() {}

    /** "0.1.0-SNAPSHOT", or "development build" when run from classes rather than the jar. */
    static String current() {
        try (InputStream in = Version.class.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                return "development build";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
