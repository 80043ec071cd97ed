package dev.weft.engine.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * For {@code weft.spark.serializer=kryo}: the JDK's immutable collections (List.of, Set.of, Map.of, which rows hold
 * for list columns) are written with Java serialization, because Kryo's collection serializer rebuilds a collection by
 * calling add() on an empty instance, which they refuse.
 */
public final class RowKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        JavaSerializer java = new JavaSerializer();
        for (Object sample : List.of(List.of(), List.of(1), List.of(1, 2, 3), Set.of(), Set.of(1), Set.of(1, 2, 3),
                Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2), List.of(1, 2, 3).subList(0, 2))) {
            kryo.register(sample.getClass(), java);
        }
    }
}
