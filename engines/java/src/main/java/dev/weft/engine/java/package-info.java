/**
 * The in-process Java engine: runs bounded stages on Arrow batches with the shared kernels.
 *
 * <p>Physical design (push-based pipelines, as in DuckDB and HyPer; operator contract after DataFusion's
 * ExecutionPlan):
 * <ul>
 *   <li>{@link dev.weft.engine.java.planner.PhysicalPlanner} turns the stage's logical DAG into
 *       {@link dev.weft.engine.java.physical.PhysicalNode}s with fixed schema and partition count (P = parallelism
 *       for repartitioned outputs, one partition for sort, top-k, limit, count, reduce, global aggregates; one per
 *       split for text files). Consecutive lambdas fuse into one row-at-a-time chain (decode once, run every lambda,
 *       encode once); an operator with several consumers is materialized once and read by each.</li>
 *   <li>A pipeline is a source, a fused chain of streaming operators (filter, project, lambda chain, sample, union,
 *       join probe...) and a breaker. {@code execute(partition, sink)} pushes one partition through the chain inline,
 *       in one task; breakers do their input side in {@code prepare()}, which the driving thread calls children first,
 *       each running P tasks on the engine's fixed pool of worker threads. Tasks never wait for tasks.</li>
 *   <li>Aggregation: PARTIAL per input partition at the end of its pipeline (on Java objects when a lambda chain
 *       feeds a count by value, as in word count), states hash-repartitioned into P partitions, FINAL when an output
 *       partition is executed; DISTINCT aggregates repartition raw rows and aggregate once. Joins build a hash table
 *       from the right input and probe it with the left partitions in parallel. Sort and top-k sort each input
 *       partition in its own task (one external sorter each, spilling under the shared budget), then k-way merge the
 *       sorted streams into their single output partition; ties keep input order within a partition, then partition
 *       order.</li>
 *   <li>Memory: the kernels (aggregation, sort, join build) reserve from the stage's memory budget and spill beyond
 *       it; data the engine holds between operators (aggregation states waiting for their output partition, an
 *       operator materialized for several consumers, loop data, the right side of a cartesian product, batches waiting
 *       for mapPartitions or for an ordered sink) lives in {@link dev.weft.engine.java.exec.SpillableBatchBuffer}s,
 *       which together hold at most half of the budget and spill to Arrow IPC files beyond it; reduceByKey and coGroup
 *       keep their groups as Java objects while an estimate of their heap size fits their share of the budget, then
 *       hash-split the rest into spilled buckets processed one at a time; a join whose right side exceeds the buffer
 *       share becomes a grace hash join (both sides hash-split into 16 spilled bucket pairs, joined pair by pair,
 *       re-split up to four levels).</li>
 *   <li>Stage channels: a stage input source has one partition per channel partition, each task reading its
 *       partition's batches as they come (Arrow already, taken over into the stage's allocator); a stage output sink
 *       writes input partition i to channel partition i % partitions. The driver binds both channels and completes or
 *       fails the output's partitions after {@code execute} returns; channel failures reach the caller unchanged.</li>
 *   <li>Failures: the first failing task records its exception, the others stop at their next batch; every operator
 *       is closed (all buffers released) before {@code execute} rethrows. Sinks commit (atomic file moves) only after
 *       every sink of the stage succeeded.</li>
 * </ul>
 */
package dev.weft.engine.java;
