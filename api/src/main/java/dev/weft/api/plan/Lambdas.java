package dev.weft.api.plan;

import dev.weft.api.function.Udf;
import java.lang.reflect.RecordComponent;
import java.util.Collection;

/** Whether an operator runs opaque Java code (a lambda), which a declarative-only engine (SQL) cannot run. */
public final class Lambdas {
    private Lambdas() {}

    /** True if the operator holds a user function, or a loop whose body or condition does. */
    public static boolean uses(LogicalOperator operator) {
        if (operator instanceof RepeatOperator repeat) {
            return anyInBody(repeat.body());
        }
        if (operator instanceof DoWhileOperator doWhile) {
            return true; // its condition is a Java function
        }
        for (RecordComponent component : operator.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(operator);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read %s of %s".formatted(component.getName(), operator.kind()), e);
            }
            if (isLambda(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyInBody(LoopBody body) {
        return Plan.topologicalOrder(java.util.List.of(body.result())).stream().anyMatch(Lambdas::uses);
    }

    private static boolean isLambda(Object value) {
        if (value instanceof Udf<?> || value instanceof FilterCondition.Lambda) {
            return true;
        }
        if (value instanceof Collection<?> values && !values.isEmpty()) {
            Object first = values.iterator().next();
            return first instanceof Udf<?>;
        }
        return false;
    }
}
