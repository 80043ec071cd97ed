package dev.weft.flight;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the tests in a child JVM with this JVM's class path and Arrow flags; stderr goes to a file. */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Path workDirectory, Class<?> mainClass, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens") || argument.startsWith("--sun-misc-unsafe-memory-access")
                    || argument.startsWith("--enable-native-access")) {
                command.add(argument);
            }
        }
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(workDirectory.resolve("tmp")));
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectError(workDirectory.resolve("stderr.txt").toFile())
                .start();
    }
}
