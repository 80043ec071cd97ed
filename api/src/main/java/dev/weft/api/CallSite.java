package dev.weft.api;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/** Where in the user's code an operator was created; every user error about an operator names it. */
public record CallSite(String className, String methodName, String fileName, int lineNumber) implements Serializable {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final java.security.CodeSource API_CODE_SOURCE = CallSite.class.getProtectionDomain().getCodeSource();

    public static final CallSite UNKNOWN = new CallSite("?", "?", "unknown", -1);

    public CallSite {
        requireNonNull(className, "className is null");
        requireNonNull(methodName, "methodName is null");
        requireNonNull(fileName, "fileName is null");
    }

    /** The first stack frame outside Weft's own API and the JDK. */
    public static CallSite capture() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> !isInternal(f))
                .findFirst());
        return frame.map(f -> new CallSite(
                        f.getClassName(),
                        f.getMethodName(),
                        f.getFileName() == null ? "unknown" : f.getFileName(),
                        f.getLineNumber()))
                .orElse(UNKNOWN);
    }

    /** Frames of Weft's api artifact (by code source, not package, so user classes in any package count) and of the JDK. */
    private static boolean isInternal(StackWalker.StackFrame frame) {
        String className = frame.getClassName();
        Class<?> declaring = frame.getDeclaringClass();
        java.security.CodeSource source = declaring.getProtectionDomain().getCodeSource();
        return source != null && source.equals(API_CODE_SOURCE)
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
