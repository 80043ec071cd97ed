package dev.weft.cli.examples;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.types.Row;
import dev.weft.jdbc.embedded.EmbeddedPostgresServer;
import dev.weft.kafka.embedded.EmbeddedKafkaBroker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders demo: where the data lives decides where the work runs. Customers and orders sit in PostgreSQL, lineitem
 * events arrive through a Kafka topic, and one pipeline asks TPC-H Q3's question of them (the 10 unshipped BUILDING
 * orders with the most revenue). The optimizer pushes the customer and order filters and their join into PostgreSQL,
 * reads the topic on the Java engine, and joins and ranks there; {@code weft explain orders-demo} shows that placement.
 * {@link #start} starts an embedded PostgreSQL and an embedded Kafka broker (no server to install) and loads them with
 * Weft itself: TPC-H tables into PostgreSQL with COPY, lineitem rows into the topic as JSON.
 */
public final class OrdersDemo implements AutoCloseable {
    public static final String TOPIC = "lineitem-events";
    private static final Logger LOG = LoggerFactory.getLogger(OrdersDemo.class);
    private static final LocalDate DATE = LocalDate.parse("1995-03-15");
    private static final List<String> LINEITEM_COLUMNS = List.of("l_orderkey", "l_extendedprice", "l_discount", "l_shipdate");

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;
    private final JdbcDataSource database;
    private final KafkaTopic topic;

    private OrdersDemo(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka) {
        this.postgres = requireNonNull(postgres, "postgres is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.database = postgres.dataSource();
        this.topic = KafkaTopic.of(kafka.bootstrapServers(), TOPIC);
    }

    /** Starts both servers and loads TPC-H customers and orders (PostgreSQL) and lineitem events (Kafka) at this scale. */
    public static OrdersDemo start(Weft weft, double scaleFactor) {
        long begin = System.nanoTime();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
        EmbeddedKafkaBroker kafka;
        try {
            kafka = EmbeddedKafkaBroker.start();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        OrdersDemo demo = new OrdersDemo(postgres, kafka);
        try {
            demo.load(weft, scaleFactor);
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        LOG.info("orders demo ready in {} ms: PostgreSQL at {}, Kafka at {}", (System.nanoTime() - begin) / 1_000_000,
                demo.database.redactedUrl(), kafka.bootstrapServers());
        return demo;
    }

    public JdbcDataSource database() {
        return database;
    }

    public KafkaTopic topic() {
        return topic;
    }

    /** TPC-H Q3 over PostgreSQL (customer, orders) and the Kafka topic (lineitem events). */
    public Dataset<Row> build(Pipeline pipeline) {
        Dataset<Row> customers = pipeline.readJdbc(database, "customer")
                .filter(col("c_mktsegment").eq("BUILDING"))
                .select("c_custkey");
        Dataset<Row> orders = pipeline.readJdbc(database, "orders")
                .filter(col("o_orderdate").lt(DATE))
                .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
                .join(customers, JoinKeys.on("o_custkey", "c_custkey"));
        Schema lineitem = lineitemSchema();
        return pipeline.readKafka(KafkaRead.topic(topic).json(lineitem))
                .filter(col("l_shipdate").gt(DATE))
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .aggregate(sum(col("l_extendedprice").times(lit(1.0).minus(col("l_discount")))).as("revenue"))
                .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                .topK(10, desc("revenue"), asc("o_orderdate"));
    }

    private static Schema lineitemSchema() {
        Schema full = dev.weft.api.plan.TpchTables.schema("lineitem");
        return new Schema(LINEITEM_COLUMNS.stream().map(full::findField).toList());
    }

    private void load(Weft weft, double scaleFactor) {
        createTables();
        kafka.createTopic(TOPIC, 2);
        Pipeline loading = Pipeline.create("orders-demo-load");
        loading.readTpch("customer", scaleFactor).writeJdbc(database, "customer", JdbcWriteMode.APPEND);
        loading.readTpch("orders", scaleFactor).writeJdbc(database, "orders", JdbcWriteMode.APPEND);
        loading.readTpch("lineitem", scaleFactor).select(LINEITEM_COLUMNS.toArray(String[]::new)).writeKafka(topic, KafkaFormat.JSON);
        JobHandle job = weft.submit(loading);
        job.await();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE customer");
            statement.execute("ANALYZE orders");
        } catch (SQLException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "orders demo: ANALYZE failed: " + e.getMessage(), e);
        }
    }

    private void createTables() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS customer, orders");
            statement.execute("CREATE TABLE customer (c_custkey bigint NOT NULL, c_name text NOT NULL, c_address text NOT NULL, "
                    + "c_nationkey bigint NOT NULL, c_phone text NOT NULL, c_acctbal double precision NOT NULL, "
                    + "c_mktsegment text NOT NULL, c_comment text NOT NULL)");
            statement.execute("CREATE TABLE orders (o_orderkey bigint NOT NULL, o_custkey bigint NOT NULL, o_orderstatus text NOT NULL, "
                    + "o_totalprice double precision NOT NULL, o_orderdate date NOT NULL, o_orderpriority text NOT NULL, "
                    + "o_clerk text NOT NULL, o_shippriority integer NOT NULL, o_comment text NOT NULL)");
        } catch (SQLException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "orders demo: cannot create the tables: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password(System::getenv).orElse(""));
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
