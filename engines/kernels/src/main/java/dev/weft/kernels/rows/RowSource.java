package dev.weft.kernels.rows;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TpchSource;
import dev.weft.kernels.io.CsvFileReader;
import dev.weft.kernels.io.FileSplit;
import dev.weft.kernels.io.FileSplits;
import dev.weft.kernels.io.TextSplitReader;
import dev.weft.kernels.io.TpchBatches;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A file or generator source read split by split into rows, with the kernels' io readers, as the Java engine's source
 * nodes read it: text files in byte-range splits (about two per unit of parallelism, lines in file order), CSV files
 * whole (one split per file, files in name order), TPC-H in generator parts (one for nation and region).
 * {@link #splits} runs where the files are visible (the host); {@link #read} in the task. Serializable.
 */
public final class RowSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Kind { TEXT, CSV, TPCH }

    private final Kind kind;
    private final String operator;
    private final String path;       // text, csv; tpch: the table
    private final CsvFormat format;  // csv
    private final double scaleFactor; // tpch
    private final String schemaJson;
    private transient Schema schema;

    private RowSource(Kind kind, String operator, String path, CsvFormat format, double scaleFactor, String schemaJson) {
        this.kind = kind;
        this.operator = operator;
        this.path = path;
        this.format = format;
        this.scaleFactor = scaleFactor;
        this.schemaJson = schemaJson;
    }

    /** A source for a TextFileSource, CsvFileSource or TpchSource; UNSUPPORTED_OPERATION for any other source. */
    public static RowSource of(SourceOperator source) {
        String describe = source.info().describe();
        String json = SerialForm.schemaJson(source.schema());
        if (source instanceof TextFileSource text) {
            return new RowSource(Kind.TEXT, describe, text.path(), null, 0, json);
        }
        if (source instanceof CsvFileSource csv) {
            return new RowSource(Kind.CSV, describe, csv.path(), csv.format(), 0, json);
        }
        if (source instanceof TpchSource tpch) {
            return new RowSource(Kind.TPCH, describe, tpch.table(), null, tpch.scaleFactor(), json);
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION,
                "%s: row sources read text, CSV and TPC-H sources only, not %s".formatted(describe, source.kind()));
    }

    public Schema schema() {
        if (schema == null) {
            schema = SerialForm.schema(schemaJson);
        }
        return schema;
    }

    /** The splits for a parallelism, at least one (an empty split reads no rows). */
    public List<RowSplit> splits(int parallelism) {
        try {
            List<RowSplit> splits = new ArrayList<>();
            switch (kind) {
                case TEXT -> {
                    List<FileSplit> files = FileSplits.plan(Path.of(path), Math.max(1, parallelism) * 2);
                    for (int i = 0; i < files.size(); i++) {
                        FileSplit split = files.get(i);
                        splits.add(new RowSplit(i, files.size(), split.file().toString(), split.start(), split.end()));
                    }
                }
                case CSV -> {
                    List<FileSplit> files = FileSplits.wholeFiles(Path.of(path));
                    for (int i = 0; i < files.size(); i++) {
                        FileSplit split = files.get(i);
                        splits.add(new RowSplit(i, files.size(), split.file().toString(), split.start(), split.end()));
                    }
                }
                case TPCH -> {
                    int parts = TpchBatches.partsOf(path, parallelism);
                    for (int i = 0; i < parts; i++) {
                        splits.add(new RowSplit(i, parts, null, 0, 0));
                    }
                }
            }
            if (splits.isEmpty()) {
                splits.add(new RowSplit(0, 1, null, 0, 0));
            }
            return splits;
        } catch (RuntimeException e) {
            throw RowErrors.withOperator(e, operator);
        }
    }

    public Iterator<Object[]> read(RowSplit split) {
        return read(split, RowBatches.DEFAULT_BATCH_SIZE, RowMemory.allocator());
    }

    /**
     * The rows of a split. TPC-H rows are generated lazily; a text split or CSV file is read whole into rows first
     * (the io readers push batches), then handed out.
     */
    public Iterator<Object[]> read(RowSplit split, int batchSize, BufferAllocator allocator) {
        try {
            if (kind == Kind.TPCH) {
                return RowBatches.rows(TpchBatches.batches(path, scaleFactor, split.index(), split.count(), schema(), batchSize, allocator));
            }
            if (split.path() == null) {
                return Collections.emptyIterator();
            }
            List<Object[]> rows = new ArrayList<>();
            java.util.function.Consumer<VectorSchemaRoot> collect = batch -> {
                try (batch) {
                    rows.addAll(RowBatches.rows(batch));
                }
            };
            if (kind == Kind.TEXT) {
                TextSplitReader.read(new FileSplit(Path.of(split.path()), split.start(), split.end()), batchSize, allocator, collect);
            } else {
                CsvFileReader.read(Path.of(split.path()), format, schema(), batchSize, allocator, collect);
            }
            return rows.iterator();
        } catch (RuntimeException e) {
            throw RowErrors.withOperator(e, operator);
        }
    }
}
