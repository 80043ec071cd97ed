package dev.weft.engine.java.physical;

import dev.weft.api.plan.CsvFileSource;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import dev.weft.kernels.io.CsvFileReader;
import dev.weft.kernels.io.FileSplit;
import java.nio.file.Path;
import java.util.List;

/**
 * Rows of CSV files: each file is parsed whole (quoted fields may span lines), files in parallel; the batches are
 * then spread in order over the partitions.
 */
public final class CsvFileSourceNode extends PhysicalNode {
    private final CsvFileSource source;
    private final List<FileSplit> files;
    private MaterializedPartitions output;

    public CsvFileSourceNode(ExecutionContext context, CsvFileSource operator) {
        super(context, operator, operator.schema(), context.parallelism(), List.of());
        this.source = operator;
        Path path = Path.of(operator.path());
        this.files = TextFileSourceNode.wholeFiles(operator, path);
    }

    @Override
    public void prepare() {
        MaterializedPartitions perFile = new MaterializedPartitions(context, schema(), Math.max(1, files.size()));
        try {
            context.runTasks(files.size(), i -> {
                BatchSink sink = perFile.sink(i);
                SourceRelay relay = new SourceRelay(this, context, sink);
                relay.run(() -> CsvFileReader.read(files.get(i).file(), source.format(), schema(), context.batchSize(),
                        context.allocator(), relay));
            });
            output = perFile.rebalance(partitionCount());
        } finally {
            perFile.close();
        }
    }

    @Override
    public void execute(int partition, BatchSink out) {
        output.read(partition, context, out);
    }

    @Override
    public void close() {
        if (output != null) {
            output.close();
        }
    }
}
