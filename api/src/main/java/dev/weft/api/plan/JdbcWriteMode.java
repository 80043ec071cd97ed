package dev.weft.api.plan;

/** How a JDBC sink treats the rows already in its table. Both write in one transaction: a failed job leaves the table as it was. */
public enum JdbcWriteMode {
    /** Adds the rows; the table must exist. */
    APPEND,
    /** Replaces the table's rows (delete, then insert, in the same transaction); the table must exist. */
    OVERWRITE
}
