package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestResultWriter {
    private static final Schema SCHEMA = new Schema(List.of(
            DataTypes.field("name", DataTypes.STRING, true),
            DataTypes.field("amount", DataTypes.FLOAT64, true),
            DataTypes.field("day", DataTypes.DATE, true),
            DataTypes.field("price", DataTypes.decimal(10, 2), true)));
    private static final List<String> COLUMNS = List.of("name", "amount", "day", "price");
    private static final List<Row> ROWS = List.of(
            Row.of(SCHEMA, "plain", 1.0E7, LocalDate.of(1998, 9, 2), new BigDecimal("12.50")),
            Row.of(SCHEMA, "with, comma and \"quotes\"", 0.1, null, null),
            Row.of(SCHEMA, "line\nbreak\ttab", Double.NaN, LocalDate.of(2000, 1, 1), new BigDecimal("-3.00")),
            Row.of(SCHEMA, null, 380456.0, null, null));

    @Test
    void csvQuotesWhatNeedsQuotingAndLeavesNullsEmpty() throws IOException {
        assertThat(render(OutputFormat.CSV)).isEqualTo("""
                name,amount,day,price
                plain,10000000,1998-09-02,12.50
                "with, comma and ""quotes\""",0.1,,
                "line
                break\ttab",NaN,2000-01-01,-3.00
                ,380456,,
                """);
    }

    @Test
    void jsonWritesOneObjectPerLineWithEscapes() throws IOException {
        assertThat(render(OutputFormat.JSON)).isEqualTo("""
                {"name":"plain","amount":10000000,"day":"1998-09-02","price":12.50}
                {"name":"with, comma and \\"quotes\\"","amount":0.1,"day":null,"price":null}
                {"name":"line\\nbreak\\ttab","amount":"NaN","day":"2000-01-01","price":-3.00}
                {"name":null,"amount":380456,"day":null,"price":null}
                """);
    }

    @Test
    void tableAlignsNumbersRightAndTextLeft() throws IOException {
        assertThat(render(OutputFormat.TABLE)).isEqualTo("""
                name                     | amount   | day        | price
                -------------------------+----------+------------+------
                plain                    | 10000000 | 1998-09-02 | 12.50
                with, comma and "quotes" |      0.1 | NULL       |  NULL
                line\\nbreak\\ttab         |      NaN | 2000-01-01 | -3.00
                NULL                     |   380456 | NULL       |  NULL
                (4 rows)
                """);
    }

    @Test
    void emptyResultHasHeaderOnly() throws IOException {
        StringBuilder csv = new StringBuilder();
        ResultWriter.write(OutputFormat.CSV, COLUMNS, List.of(), csv);
        StringBuilder json = new StringBuilder();
        ResultWriter.write(OutputFormat.JSON, COLUMNS, List.of(), json);
        StringBuilder table = new StringBuilder();
        ResultWriter.write(OutputFormat.TABLE, COLUMNS, List.of(), table);

        assertThat(csv).hasToString("name,amount,day,price\n");
        assertThat(json).isEmpty();
        assertThat(table.toString()).endsWith("(0 rows)\n");
    }

    private static String render(OutputFormat format) throws IOException {
        StringBuilder out = new StringBuilder();
        ResultWriter.write(format, COLUMNS, ROWS, out);
        return out.toString();
    }
}
