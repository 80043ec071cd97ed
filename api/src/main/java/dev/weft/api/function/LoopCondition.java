package dev.weft.api.function;

import java.io.Serializable;
import java.util.List;

/** Decides after each iteration of a doWhile loop whether to run another, given the iteration's result. */
@FunctionalInterface
public interface LoopCondition<T> extends Serializable {
    boolean continueLoop(int completedIterations, List<T> result) throws Exception;
}
