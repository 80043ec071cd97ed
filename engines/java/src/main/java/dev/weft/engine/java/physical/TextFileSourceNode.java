package dev.weft.engine.java.physical;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.TextFileSource;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.io.FileSplit;
import dev.weft.kernels.io.FileSplits;
import dev.weft.kernels.io.TextSplitReader;
import java.nio.file.Path;
import java.util.List;

/**
 * The lines of a text file (or of every file of a directory), read split by split straight into VarChar batches:
 * one partition per split, in file order (about two splits per worker thread).
 */
public final class TextFileSourceNode extends PhysicalNode {
    private final List<FileSplit> splits;

    private TextFileSourceNode(ExecutionContext context, TextFileSource operator, List<FileSplit> splits) {
        super(context, operator, operator.schema(), Math.max(1, splits.size()), List.of());
        this.splits = List.copyOf(splits);
    }

    public static TextFileSourceNode create(ExecutionContext context, TextFileSource operator) {
        Path path = Path.of(operator.path());
        return new TextFileSourceNode(context, operator, plan(operator, path, context.parallelism() * 2));
    }

    public List<FileSplit> splits() {
        return splits;
    }

    @Override
    public void execute(int partition, BatchSink out) {
        if (partition >= splits.size()) {
            out.finish();
            return;
        }
        FileSplit split = splits.get(partition);
        SourceRelay relay = new SourceRelay(this, context, out);
        relay.run(() -> TextSplitReader.read(split, context.batchSize(), context.allocator(), relay));
    }

    /** About {@code targetSplits} splits of a file or of the files of a directory, in order. */
    static List<FileSplit> plan(LogicalOperator operator, Path path, int targetSplits) {
        try {
            return FileSplits.plan(path, targetSplits);
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, operator.info().describe());
        }
    }

    /** Every file of the path as one split each. */
    static List<FileSplit> wholeFiles(LogicalOperator operator, Path path) {
        try {
            return FileSplits.wholeFiles(path);
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, operator.info().describe());
        }
    }
}
