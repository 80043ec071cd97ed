package dev.weft.api.plan;

import dev.weft.api.function.Udf;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
        for (Object value : components(operator)) {
            if (isLambda(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if the operator's lambdas all declare an SQL equivalent ({@link dev.weft.api.function.Hints#sqlEquivalent()}),
     * so that an SQL engine can run it without Java code. Loops never qualify.
     */
    public static boolean allHaveSqlEquivalents(LogicalOperator operator) {
        if (operator instanceof RepeatOperator || operator instanceof DoWhileOperator) {
            return false;
        }
        for (Object value : components(operator)) {
            if (value instanceof FilterCondition.Lambda lambda && lambda.function().hints().sqlEquivalent().isEmpty()) {
                return false;
            }
            if (value instanceof Udf<?> udf && udf.hints().sqlEquivalent().isEmpty()) {
                return false;
            }
            if (value instanceof Collection<?> values && !values.isEmpty() && values.iterator().next() instanceof Udf<?>) {
                for (Object element : values) {
                    if (((Udf<?>) element).hints().sqlEquivalent().isEmpty()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static List<Object> components(LogicalOperator operator) {
        List<Object> values = new ArrayList<>();
        for (RecordComponent component : operator.getClass().getRecordComponents()) {
            try {
                values.add(component.getAccessor().invoke(operator));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read %s of %s".formatted(component.getName(), operator.kind()), e);
            }
        }
        return values;
    }

    private static boolean anyInBody(LoopBody body) {
        return Plan.topologicalOrder(List.of(body.result())).stream().anyMatch(Lambdas::uses);
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
