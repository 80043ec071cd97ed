package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Writes the elements into a database table with the database's bulk interface (COPY for PostgreSQL), in one
 * transaction: a failed job leaves the table as it was. Columns are matched by name.
 */
public record JdbcSink(OperatorInfo info, EdgeProperties output, LogicalOperator input, JdbcDataSource dataSource, String table, JdbcWriteMode mode)
        implements SinkOperator {
    public JdbcSink {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(table, "table is null");
        requireNonNull(mode, "mode is null");
        if (table.isBlank()) {
            throw new IllegalArgumentException("the JDBC sink's table name is blank");
        }
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public JdbcSink withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new JdbcSink(info, output, inputs.get(0), dataSource, table, mode);
    }
}
