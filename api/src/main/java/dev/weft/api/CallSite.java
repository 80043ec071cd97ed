package dev.weft.api;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/** Where in the user's code an operator was created; every user error about an operator names it. */
public record CallSite(String className, String methodName, String fileName, int lineNumber) implements Serializable {
    private static final StackWalker WALKER = StackWalker.getInstance();

    public static final CallSite UNKNOWN = new CallSite("?", "?", "unknown", -1);

    public CallSite {
        requireNonNull(className, "className is null");
        requireNonNull(methodName, "methodName is null");
        requireNonNull(fileName, "fileName is null");
    }

    /** The first stack frame outside Weft's own API and the JDK. */
    public static CallSite capture() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> !isInternal(f.getClassName()))
                .findFirst());
        return frame.map(f -> new CallSite(
                        f.getClassName(),
                        f.getMethodName(),
                        f.getFileName() == null ? "unknown" : f.getFileName(),
                        f.getLineNumber()))
                .orElse(UNKNOWN);
    }

    private static boolean isInternal(String className) {
        return className.startsWith("dev.weft.api.")
                || className.startsWith("java.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.");
    }

    @Override
    public String toString() {
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        return lineNumber < 0
                ? "%s.%s(%s)".formatted(simpleName, methodName, fileName)
                : "%s.%s(%s:%d)".formatted(simpleName, methodName, fileName, lineNumber);
    }
}
