package dev.weft.channels;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Copies selected rows of one vector into an empty vector of the same type. Structs copy their validity and then each
 * child; lists copy their offsets and then the selected element ranges of their child, so nested types of any depth
 * are copied with the flat vectors' own {@code copyFromSafe}.
 */
final class VectorCopier {
    private VectorCopier() {}

    static void copy(FieldVector from, FieldVector to, int[] rows, int count) {
        to.setInitialCapacity(Math.max(count, 1));
        to.allocateNew();
        copyRows(from, to, rows, count);
        to.setValueCount(count);
    }

    private static void copyRows(ValueVector from, ValueVector to, int[] rows, int count) {
        if (from instanceof BaseFixedWidthVector || from instanceof BaseVariableWidthVector) {
            for (int i = 0; i < count; i++) {
                to.copyFromSafe(rows[i], i, from);
            }
        } else if (from instanceof StructVector fromStruct && to instanceof StructVector toStruct) {
            copyStruct(fromStruct, toStruct, rows, count);
        } else if (from instanceof ListVector fromList && to instanceof ListVector toList) {
            copyList(fromList, toList, rows, count);
        } else {
            TransferPair pair = from.makeTransferPair(to);
            for (int i = 0; i < count; i++) {
                pair.copyValueSafe(rows[i], i);
            }
        }
    }

    private static void copyStruct(StructVector from, StructVector to, int[] rows, int count) {
        for (int i = 0; i < count; i++) {
            if (from.isNull(rows[i])) {
                to.setNull(i);
            } else {
                to.setIndexDefined(i);
            }
        }
        List<FieldVector> fromChildren = from.getChildrenFromFields();
        List<FieldVector> toChildren = to.getChildrenFromFields();
        for (int child = 0; child < fromChildren.size(); child++) {
            copyRows(fromChildren.get(child), toChildren.get(child), rows, count);
        }
        to.setValueCount(count);
    }

    private static void copyList(ListVector from, ListVector to, int[] rows, int count) {
        ArrowBuf offsets = from.getOffsetBuffer();
        int elementCount = 0;
        for (int i = 0; i < count; i++) {
            if (!from.isNull(rows[i])) {
                elementCount += offsets.getInt((rows[i] + 1L) * ListVector.OFFSET_WIDTH) - offsets.getInt((long) rows[i] * ListVector.OFFSET_WIDTH);
            }
        }
        int[] elementRows = new int[elementCount];
        int next = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (from.isNull(row)) {
                to.setNull(i);
                continue;
            }
            int start = offsets.getInt((long) row * ListVector.OFFSET_WIDTH);
            int end = offsets.getInt((row + 1L) * ListVector.OFFSET_WIDTH);
            to.startNewValue(i);
            for (int element = start; element < end; element++) {
                elementRows[next++] = element;
            }
            to.endValue(i, end - start);
        }
        copyRows(from.getDataVector(), to.getDataVector(), elementRows, elementCount);
        to.setValueCount(count);
    }
}
