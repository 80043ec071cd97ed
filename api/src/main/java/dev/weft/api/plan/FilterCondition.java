package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import dev.weft.api.function.FilterFunction;
import dev.weft.api.function.Udf;
import java.io.Serializable;

/** A filter's condition: a declarative boolean expression or a lambda. */
public sealed interface FilterCondition extends Serializable {
    record Declarative(Expression predicate) implements FilterCondition {
        public Declarative {
            requireNonNull(predicate, "predicate is null");
        }

        @Override
        public String toString() {
            return predicate.toString();
        }
    }

    record Lambda(Udf<? extends FilterFunction<?>> function) implements FilterCondition {
        public Lambda {
            requireNonNull(function, "function is null");
        }

        @Override
        public String toString() {
            return "<lambda>";
        }
    }
}
