package dev.weft.engine.java.exec;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import java.util.Arrays;

/** Errors of user lambdas, reported with the operator, the element and the cause. */
public final class UserFunctions {
    /** Elements are shown in messages up to this many characters. */
    public static final int MAX_ELEMENT_CHARS = 200;

    private UserFunctions() {}

    /** USER_FUNCTION_FAILED: "operator 'x' at Y failed on element E: cause". */
    public static WeftException failed(LogicalOperator operator, Object element, Throwable cause) {
        return failed(operator, "element " + render(element), cause);
    }

    /** USER_FUNCTION_FAILED with a free description of where it failed ("element ...", "partition 3"). */
    public static WeftException failed(LogicalOperator operator, String where, Throwable cause) {
        return new WeftException(ErrorCode.USER_FUNCTION_FAILED,
                "%s failed on %s: %s".formatted(operator.info().describe(), where, describe(cause)), cause);
    }

    /** Returns {@code value}, or throws WRONG_OUTPUT_TYPE when it is not of the operator's declared output class. */
    public static Object checkOutput(LogicalOperator operator, Class<?> declared, Object value) {
        if (value != null && !declared.isInstance(value)) {
            throw wrongType(operator, declared, value);
        }
        return value;
    }

    public static WeftException wrongType(LogicalOperator operator, Class<?> declared, Object value) {
        return new WeftException(ErrorCode.WRONG_OUTPUT_TYPE,
                "%s returned a %s (%s) where its declared output class is %s; return a %s or declare the output class %s"
                        .formatted(operator.info().describe(), value.getClass().getName(), render(value), declared.getName(),
                                declared.getSimpleName(), value.getClass().getSimpleName()));
    }

    /** The element as text, cut to {@value #MAX_ELEMENT_CHARS} characters. */
    public static String render(Object element) {
        String text;
        try {
            text = element instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(element);
        } catch (RuntimeException e) {
            text = "<%s whose toString() failed: %s>".formatted(element.getClass().getName(), e);
        }
        if (text.length() > MAX_ELEMENT_CHARS) {
            return text.substring(0, MAX_ELEMENT_CHARS) + "...(" + text.length() + " chars)";
        }
        return text;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + message;
    }
}
