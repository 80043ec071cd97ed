package dev.weft.host.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A jar built while the test runs from one Java source, so that its classes are on no classpath but the ones the test gives it. */
public final class CompiledJar {
    private CompiledJar() {}

    /** Compiles {@code source} (class {@code className}, against this JVM's classpath) into {@code directory}/user.jar. */
    public static Path build(Path directory, String className, String source) throws IOException {
        Path sources = Files.createDirectories(directory.resolve("src"));
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Path file = sources.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK with javac").isNotNull();
        int status = compiler.run(null, null, null, "--release", "17", "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), file.toString());
        assertThat(status).as("javac of %s", className).isZero();
        Path jar = directory.resolve("user.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path classFile : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                Files.copy(classFile, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
