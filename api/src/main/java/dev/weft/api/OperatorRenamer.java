package dev.weft.api;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.OperatorInfo;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;

/** Copies an operator record with another {@link OperatorInfo} (for {@code named(...)}). */
final class OperatorRenamer {
    private OperatorRenamer() {}

    static LogicalOperator rename(LogicalOperator operator, OperatorInfo info) {
        RecordComponent[] components = operator.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("info") ? info : components[i].getAccessor().invoke(operator);
            }
            Constructor<?> constructor = operator.getClass().getDeclaredConstructor(types);
            return (LogicalOperator) constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "cannot rename " + operator.kind() + ": " + e, e);
        }
    }
}
