package dev.weft.flight;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Batches for the tests: every Arrow type Weft supports (with nulls), and plain BIGINT sequences. */
final class SampleBatches {
    static final Schema LONGS = new Schema(List.of(DataTypes.field("value", DataTypes.INT64, false)));

    static final Schema ALL_TYPES = new Schema(List.of(
            DataTypes.field("bigint", DataTypes.INT64, true),
            DataTypes.field("int", DataTypes.INT32, true),
            DataTypes.field("double", DataTypes.FLOAT64, true),
            DataTypes.field("float", DataTypes.FLOAT32, true),
            DataTypes.field("bool", DataTypes.BOOLEAN, true),
            DataTypes.field("varchar", DataTypes.STRING, true),
            DataTypes.field("varbinary", DataTypes.BINARY, true),
            DataTypes.field("decimal", DataTypes.decimal(38, 10), true),
            DataTypes.field("date", DataTypes.DATE, true),
            DataTypes.field("timestamp", DataTypes.TIMESTAMP, true),
            new Field("list", FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(DataTypes.field("item", DataTypes.INT64, true))),
            new Field("struct", FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(DataTypes.field("a", DataTypes.INT64, true), DataTypes.field("b", DataTypes.STRING, true)))));

    private SampleBatches() {}

    /** Rows seed..seed+rows-1 of every type; column c is null in rows where (row + c) % 5 == 0. */
    static VectorSchemaRoot allTypes(BufferAllocator allocator, int rows, int seed) {
        VectorSchemaRoot root = VectorSchemaRoot.create(ALL_TYPES, allocator);
        try {
            root.allocateNew();
            BigIntVector bigint = (BigIntVector) root.getVector("bigint");
            IntVector integer = (IntVector) root.getVector("int");
            Float8Vector doubles = (Float8Vector) root.getVector("double");
            Float4Vector floats = (Float4Vector) root.getVector("float");
            BitVector bool = (BitVector) root.getVector("bool");
            VarCharVector varchar = (VarCharVector) root.getVector("varchar");
            VarBinaryVector varbinary = (VarBinaryVector) root.getVector("varbinary");
            DecimalVector decimal = (DecimalVector) root.getVector("decimal");
            DateDayVector date = (DateDayVector) root.getVector("date");
            TimeStampMicroTZVector timestamp = (TimeStampMicroTZVector) root.getVector("timestamp");
            ListVector list = (ListVector) root.getVector("list");
            StructVector struct = (StructVector) root.getVector("struct");
            BigIntVector structA = struct.getChild("a", BigIntVector.class);
            VarCharVector structB = struct.getChild("b", VarCharVector.class);
            UnionListWriter listWriter = list.getWriter();
            for (int row = 0; row < rows; row++) {
                long v = seed + row;
                if (isNull(row, 0)) { bigint.setNull(row); } else { bigint.setSafe(row, v * 1_000_000_007L - 5); }
                if (isNull(row, 1)) { integer.setNull(row); } else { integer.setSafe(row, (int) (v * 31 - 1000)); }
                if (isNull(row, 2)) { doubles.setNull(row); } else { doubles.setSafe(row, v / 7.0); }
                if (isNull(row, 3)) { floats.setNull(row); } else { floats.setSafe(row, v / 3.0f); }
                if (isNull(row, 4)) { bool.setNull(row); } else { bool.setSafe(row, v % 2 == 0 ? 1 : 0); }
                if (isNull(row, 5)) { varchar.setNull(row); } else { varchar.setSafe(row, ("text-%d-ü".formatted(v)).getBytes(StandardCharsets.UTF_8)); }
                if (isNull(row, 6)) { varbinary.setNull(row); } else { varbinary.setSafe(row, new byte[] {(byte) v, 0, (byte) 0xff, (byte) (v >> 8)}); }
                if (isNull(row, 7)) {
                    decimal.setNull(row);
                } else {
                    BigInteger unscaled = BigInteger.valueOf(v).multiply(BigInteger.TEN.pow(25)).add(BigInteger.valueOf(123_456_789L));
                    decimal.setSafe(row, new BigDecimal(v % 3 == 0 ? unscaled.negate() : unscaled, 10));
                }
                if (isNull(row, 8)) { date.setNull(row); } else { date.setSafe(row, (int) (19_000 + v)); }
                if (isNull(row, 9)) { timestamp.setNull(row); } else { timestamp.setSafe(row, 1_700_000_000_000_000L + v * 1_001); }
                if (isNull(row, 10)) {
                    list.setNull(row);
                } else {
                    listWriter.setPosition(row);
                    listWriter.startList();
                    for (int item = 0; item < row % 4; item++) {
                        if (item == 2) {
                            listWriter.writeNull();
                        } else {
                            listWriter.writeBigInt(v * 10 + item);
                        }
                    }
                    listWriter.endList();
                }
                if (isNull(row, 11)) {
                    struct.setNull(row);
                } else {
                    struct.setIndexDefined(row);
                    if (row % 3 == 0) { structA.setNull(row); } else { structA.setSafe(row, -v); }
                    structB.setSafe(row, ("s" + v).getBytes(StandardCharsets.UTF_8));
                }
            }
            listWriter.setValueCount(rows);
            root.setRowCount(rows);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static boolean isNull(int row, int column) {
        return (row + column) % 5 == 0;
    }

    /** One BIGINT column with the values start, start+1, ..., start+count-1. */
    static VectorSchemaRoot longs(BufferAllocator allocator, long start, int count) {
        VectorSchemaRoot root = VectorSchemaRoot.create(LONGS, allocator);
        BigIntVector vector = (BigIntVector) root.getVector(0);
        vector.allocateNew(count);
        for (int i = 0; i < count; i++) {
            vector.set(i, start + i);
        }
        root.setRowCount(count);
        return root;
    }

    /** The rows of a batch as text, one line a row, values separated by tabs (byte arrays by content). */
    static String rowsText(VectorSchemaRoot root) {
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < root.getRowCount(); row++) {
            for (FieldVector vector : root.getFieldVectors()) {
                Object value = vector.getObject(row);
                text.append(value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value)).append('\t');
            }
            text.append('\n');
        }
        return text.toString();
    }
}
