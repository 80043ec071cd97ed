/**
 * Row-at-a-time building blocks for engines that move Java objects between operators (Spark RDDs, Flink
 * DataStreams): every class computes what the Java engine's physical node for the same operator computes, reusing the
 * vectorized kernels (expressions, hash aggregation, sort keys) on small batches built from the rows.
 *
 * <p><b>Rows.</b> A row is an {@code Object[]} holding, in schema order, the values {@link dev.weft.api.types.Row#values()}
 * holds (Long, Integer, Double, String, BigDecimal, LocalDate, Instant, Boolean, byte[], List, nested {@code Row}).
 * {@link dev.weft.kernels.rows.RowCodec} converts elements (records, scalars, Rows) to and from rows;
 * {@link dev.weft.kernels.rows.RowBatches} converts rows to and from Arrow batches.
 *
 * <p><b>Serialization.</b> Every class here is {@link java.io.Serializable} because Spark ships closures and Flink ships
 * functions. They are built on the driver/host side from a logical operator and keep only serializable state; the
 * operator record itself is never kept (operators hold Arrow schemas, {@code Optional}s and {@code ElementType}s, which
 * Java serialization refuses):
 * <ul>
 *   <li>schemas as JSON ({@code Schema.toJson()} / {@code Schema.fromJSON}), element types as a
 *       {@link dev.weft.kernels.rows.RowCodec} (class + schema JSON + shape);</li>
 *   <li>declarative expressions as a {@code byte[]} written by a private Java-serialization codec that replaces
 *       {@code Optional*}, Arrow {@code ArrowType/Field/Schema} and non-serializable records by tokens
 *       ({@code SerialForm}); they are decoded and compiled with the kernels lazily, once per deserialized
 *       instance, in {@code transient} fields;</li>
 *   <li>user functions (lambdas) as the function objects themselves (their interfaces extend Serializable), never the
 *       {@code Udf} record (its {@code Hints} hold {@code Optional}s);</li>
 *   <li>operator descriptions ({@code operator.info().describe()}) as strings, for error messages.</li>
 * </ul>
 * Classes are therefore safe to build once per stage and share between threads only where their javadoc says so;
 * each deserialized copy (one per Spark task / Flink subtask) builds its own transient state.
 *
 * <p><b>Memory.</b> Declarative work runs on Arrow batches of at most {@link dev.weft.kernels.rows.RowBatches#DEFAULT_BATCH_SIZE}
 * rows, each closed before the next row is returned: no Arrow memory is held between calls. Methods without an
 * allocator parameter use one JVM-wide root allocator of the kernels.
 */
package dev.weft.kernels.rows;
