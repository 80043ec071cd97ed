package dev.weft.channels;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Fast access to a record class, built once per class: one accessor object per component (a lambda made by
 * {@link LambdaMetafactory}, primitive-typed for primitive components so that nothing is boxed) and the canonical
 * constructor as a spreading method handle.
 */
final class RecordAccess {
    private static final ClassValue<RecordAccess> CACHE = new ClassValue<>() {
        @Override
        protected RecordAccess computeValue(Class<?> type) {
            return new RecordAccess(type);
        }
    };

    private final Class<?> recordClass;
    private final RecordComponent[] components;
    /** Per component: ToLongFunction (long), ToIntFunction (int, short, byte, char), ToDoubleFunction (double, float), Predicate (boolean), else Function. */
    private final Object[] accessors;
    /** (Object[]) -> Object. */
    private final MethodHandle constructor;

    private RecordAccess(Class<?> recordClass) {
        this.recordClass = recordClass;
        this.components = recordClass.getRecordComponents();
        MethodHandles.Lookup lookup = lookupIn(recordClass);
        this.accessors = new Object[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
            accessors[i] = accessor(lookup, recordClass, components[i]);
        }
        try {
            MethodHandle canonical = lookup.findConstructor(recordClass, MethodType.methodType(void.class, parameterTypes));
            this.constructor = canonical.asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw inaccessible(recordClass, e);
        }
    }

    static RecordAccess of(Class<?> recordClass) {
        if (!recordClass.isRecord()) {
            throw new WeftException(ErrorCode.UNSUPPORTED_TYPE, "%s is not a record class".formatted(recordClass.getName()));
        }
        return CACHE.get(recordClass);
    }

    Class<?> recordClass() {
        return recordClass;
    }

    int componentCount() {
        return components.length;
    }

    RecordComponent component(int index) {
        return components[index];
    }

    Object accessor(int index) {
        return accessors[index];
    }

    /** Calls the canonical constructor; {@code arguments} may be reused by the caller afterwards. */
    Object construct(Object[] arguments) {
        try {
            return constructor.invokeExact(arguments);
        } catch (WeftException e) {
            throw e;
        } catch (Throwable e) {
            if (e instanceof Error error) {
                throw error;
            }
            throw new WeftException(ErrorCode.USER_FUNCTION_FAILED,
                    "the canonical constructor of record %s rejected the values %s: %s; make the constructor accept every value the data holds"
                            .formatted(recordClass.getName(), java.util.Arrays.deepToString(arguments), e), e);
        }
    }

    private static MethodHandles.Lookup lookupIn(Class<?> recordClass) {
        try {
            return MethodHandles.privateLookupIn(recordClass, MethodHandles.lookup());
        } catch (IllegalAccessException | SecurityException e) {
            throw inaccessible(recordClass, e);
        }
    }

    private static WeftException inaccessible(Class<?> recordClass, Exception cause) {
        return new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                "record %s is not accessible to Weft (%s); make it a static, accessible record in a package open to Weft's module"
                        .formatted(recordClass.getName(), cause.getMessage()), cause);
    }

    private static Object accessor(MethodHandles.Lookup lookup, Class<?> recordClass, RecordComponent component) {
        MethodHandle getter;
        try {
            getter = lookup.unreflect(component.getAccessor());
        } catch (IllegalAccessException e) {
            throw inaccessible(recordClass, e);
        }
        Class<?> type = component.getType();
        if (type == long.class) {
            return lambda(lookup, ToLongFunction.class, "applyAsLong", long.class, getter, recordClass);
        }
        if (type == int.class || type == short.class || type == byte.class || type == char.class) {
            return lambda(lookup, ToIntFunction.class, "applyAsInt", int.class, getter, recordClass);
        }
        if (type == double.class || type == float.class) {
            return lambda(lookup, ToDoubleFunction.class, "applyAsDouble", double.class, getter, recordClass);
        }
        if (type == boolean.class) {
            return lambda(lookup, Predicate.class, "test", boolean.class, getter, recordClass);
        }
        return lambda(lookup, Function.class, "apply", Object.class, getter, recordClass);
    }

    /** An instance of the functional interface that calls the getter; a plain method handle call if the metafactory refuses. */
    private static Object lambda(MethodHandles.Lookup lookup, Class<?> functionalInterface, String method, Class<?> returnType,
                                 MethodHandle getter, Class<?> recordClass) {
        MethodType erased = MethodType.methodType(returnType, Object.class);
        try {
            Class<?> instantiatedReturn = returnType == Object.class ? getter.type().returnType() : returnType;
            MethodType instantiated = MethodType.methodType(instantiatedReturn, recordClass);
            return LambdaMetafactory.metafactory(lookup, method, MethodType.methodType(functionalInterface), erased, getter, instantiated)
                    .getTarget()
                    .invoke();
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError error) {
                throw error;
            }
            return handleFallback(functionalInterface, getter.asType(erased));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object handleFallback(Class<?> functionalInterface, MethodHandle getter) {
        if (functionalInterface == ToLongFunction.class) {
            return (ToLongFunction<Object>) record -> {
                try {
                    return (long) getter.invokeExact(record);
                } catch (Throwable e) {
                    throw rethrow(e);
                }
            };
        }
        if (functionalInterface == ToIntFunction.class) {
            return (ToIntFunction<Object>) record -> {
                try {
                    return (int) getter.invokeExact(record);
                } catch (Throwable e) {
                    throw rethrow(e);
                }
            };
        }
        if (functionalInterface == ToDoubleFunction.class) {
            return (ToDoubleFunction<Object>) record -> {
                try {
                    return (double) getter.invokeExact(record);
                } catch (Throwable e) {
                    throw rethrow(e);
                }
            };
        }
        if (functionalInterface == Predicate.class) {
            return (Predicate<Object>) record -> {
                try {
                    return (boolean) getter.invokeExact(record);
                } catch (Throwable e) {
                    throw rethrow(e);
                }
            };
        }
        return (Function<Object, Object>) record -> {
            try {
                return (Object) getter.invokeExact(record);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        };
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new WeftException(ErrorCode.USER_FUNCTION_FAILED, "a record accessor failed: %s".formatted(e), e);
    }
}
