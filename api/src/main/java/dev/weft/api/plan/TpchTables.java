package dev.weft.api.plan;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The schemas of the eight TPC-H tables as the io.trino.tpch generator produces them: keys bigint, integers int,
 * money and quantities double, dates date, text string.
 */
public final class TpchTables {
    private static final Map<String, Schema> SCHEMAS = new LinkedHashMap<>();

    static {
        table("region", "r_regionkey:id", "r_name:s", "r_comment:s");
        table("nation", "n_nationkey:id", "n_name:s", "n_regionkey:id", "n_comment:s");
        table("part", "p_partkey:id", "p_name:s", "p_mfgr:s", "p_brand:s", "p_type:s", "p_size:i", "p_container:s",
                "p_retailprice:d", "p_comment:s");
        table("supplier", "s_suppkey:id", "s_name:s", "s_address:s", "s_nationkey:id", "s_phone:s", "s_acctbal:d", "s_comment:s");
        table("partsupp", "ps_partkey:id", "ps_suppkey:id", "ps_availqty:i", "ps_supplycost:d", "ps_comment:s");
        table("customer", "c_custkey:id", "c_name:s", "c_address:s", "c_nationkey:id", "c_phone:s", "c_acctbal:d",
                "c_mktsegment:s", "c_comment:s");
        table("orders", "o_orderkey:id", "o_custkey:id", "o_orderstatus:s", "o_totalprice:d", "o_orderdate:date",
                "o_orderpriority:s", "o_clerk:s", "o_shippriority:i", "o_comment:s");
        table("lineitem", "l_orderkey:id", "l_partkey:id", "l_suppkey:id", "l_linenumber:i", "l_quantity:d",
                "l_extendedprice:d", "l_discount:d", "l_tax:d", "l_returnflag:s", "l_linestatus:s", "l_shipdate:date",
                "l_commitdate:date", "l_receiptdate:date", "l_shipinstruct:s", "l_shipmode:s", "l_comment:s");
    }

    private TpchTables() {}

    private static void table(String name, String... columns) {
        List<Field> fields = new ArrayList<>();
        for (String column : columns) {
            String[] parts = column.split(":");
            ArrowType type = switch (parts[1]) {
                case "id" -> DataTypes.INT64;
                case "i" -> DataTypes.INT32;
                case "d" -> DataTypes.FLOAT64;
                case "date" -> DataTypes.DATE;
                default -> DataTypes.STRING;
            };
            fields.add(DataTypes.field(parts[0], type, false));
        }
        SCHEMAS.put(name, new Schema(fields));
    }

    public static List<String> names() {
        return List.copyOf(SCHEMAS.keySet());
    }

    public static Schema schema(String table) {
        Schema schema = SCHEMAS.get(table.toLowerCase(Locale.ROOT));
        if (schema == null) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "unknown TPC-H table '%s'; the tables are %s".formatted(table, names()));
        }
        return schema;
    }
}
