package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * How Kafka record values map to rows. JSON (one object per record, fields by column name) and CSV (one line per
 * record, columns by position) are typed by the declared schema; STRING and BYTES give two columns, {@code key} and
 * {@code value} (Utf8 or Binary). A sink writes the same format.
 */
public record KafkaFormat(Kind kind, CsvFormat csv) implements Serializable {
    public enum Kind { JSON, CSV, STRING, BYTES }

    public static final KafkaFormat JSON = new KafkaFormat(Kind.JSON, CsvFormat.DEFAULT);
    public static final KafkaFormat STRING = new KafkaFormat(Kind.STRING, CsvFormat.DEFAULT);
    public static final KafkaFormat BYTES = new KafkaFormat(Kind.BYTES, CsvFormat.DEFAULT);

    public KafkaFormat {
        requireNonNull(kind, "kind is null");
        requireNonNull(csv, "csv is null");
    }

    /** CSV values in this dialect; a header makes no sense per record and is ignored. */
    public static KafkaFormat csv(CsvFormat format) {
        return new KafkaFormat(Kind.CSV, format.withHeader(false));
    }

    /** Whether rows are typed by a declared schema (JSON, CSV) rather than raw key and value columns. */
    public boolean declaredSchema() {
        return kind == Kind.JSON || kind == Kind.CSV;
    }
}
