package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.concat;
import static dev.weft.api.expr.Expressions.contains;
import static dev.weft.api.expr.Expressions.endsWith;
import static dev.weft.api.expr.Expressions.length;
import static dev.weft.api.expr.Expressions.like;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.lower;
import static dev.weft.api.expr.Expressions.nullOf;
import static dev.weft.api.expr.Expressions.replace;
import static dev.weft.api.expr.Expressions.startsWith;
import static dev.weft.api.expr.Expressions.substring;
import static dev.weft.api.expr.Expressions.trim;
import static dev.weft.api.expr.Expressions.upper;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Call;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class TestStringFunctions extends ExpressionTestSupport {
    private VectorSchemaRoot words() {
        return batch(allocator, column("s", DataTypes.STRING, "Hello World", "straße", "ÉCOLE", "", null, "  padded\t "));
    }

    @Test
    void upperAndLowerUseUnicodeRules() {
        try (VectorSchemaRoot input = words()) {
            assertThat(evaluateOn(upper(col("s")), input)).containsExactly("HELLO WORLD", "STRASSE", "ÉCOLE", "", null, "  PADDED\t ");
            assertThat(evaluateOn(lower(col("s")), input)).containsExactly("hello world", "straße", "école", "", null, "  padded\t ");
        }
    }

    @Test
    void lengthCountsCharacters() {
        assertThat(evaluate(length(col("s")), batch(allocator, column("s", DataTypes.STRING, "abc", "héllo", "😀!", "", null))))
                .containsExactly(3, 5, 2, 0, null);
    }

    @Test
    void trimRemovesSpacesOnly() {
        assertThat(evaluate(trim(col("s")), batch(allocator, column("s", DataTypes.STRING, "  a b  ", "\tx ", "   ", "é ", null))))
                .containsExactly("a b", "\tx", "", "é", null);
    }

    @Test
    void substringIsOneBasedInCharacters() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, "hello", "héllo wörld", "ab", null))) {
            assertThat(evaluateOn(substring(col("s"), 2, 3), input)).containsExactly("ell", "éll", "b", null);
            assertThat(evaluateOn(substring(col("s"), 1, 100), input)).containsExactly("hello", "héllo wörld", "ab", null);
            assertThat(evaluateOn(substring(col("s"), 0, 3), input)).containsExactly("he", "hé", "ab", null);
            assertThat(evaluateOn(substring(col("s"), -2, 4), input)).containsExactly("h", "h", "a", null);
            assertThat(evaluateOn(substring(col("s"), 8, 3), input)).containsExactly("", "örl", "", null);
            assertThat(evaluateOn(substring(col("s"), 2, 0), input)).containsExactly("", "", "", null);
            assertThatThrownBy(() -> evaluateOn(substring(col("s"), 1, -1), input))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("negative substring length");
        }
        assertThat(evaluate(new Call(Call.Function.SUBSTRING, List.of(col("s"), col("from"), col("count"))), batch(allocator,
                column("s", DataTypes.STRING, "abcdef", "abcdef", "abcdef"),
                column("from", DataTypes.INT64, 2L, null, 5L),
                column("count", DataTypes.INT8, (byte) 2, (byte) 1, (byte) 9))))
                .containsExactly("bc", null, "ef");
    }

    @Test
    void concatConvertsValuesAndPropagatesNull() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, "a", null, "c"),
                column("n", DataTypes.INT64, 1L, 2L, null), column("d", DataTypes.DATE, LocalDate.of(2024, 1, 2), null, null))) {
            assertThat(evaluateOn(concat(col("s"), "-", col("n")), input)).containsExactly("a-1", null, null);
            assertThat(evaluateOn(concat(col("s"), lit(new BigDecimal("1.50")), true, col("d")), input)).containsExactly("a1.50true2024-01-02", null, null);
            assertThat(evaluateOn(concat(lit("x"), lit("y")), input)).containsExactly("xy", "xy", "xy");
            assertThat(evaluateOn(concat(col("s"), nullOf(DataTypes.STRING)), input)).containsExactly(null, null, null);
        }
    }

    @Test
    void likeFastPathsAndGeneralPatterns() {
        List<String> values = List.of("abc", "xabcx", "xxabc", "ab", "ABC", "a.c", "aXc", "é_abc", "");
        Object[][] patterns = {
            {"abc%", new boolean[] {true, false, false, false, false, false, false, false, false}},
            {"%abc", new boolean[] {true, false, true, false, false, false, false, true, false}},
            {"%abc%", new boolean[] {true, true, true, false, false, false, false, true, false}},
            {"abc", new boolean[] {true, false, false, false, false, false, false, false, false}},
            {"%", new boolean[] {true, true, true, true, true, true, true, true, true}},
            {"a_c", new boolean[] {true, false, false, false, false, true, true, false, false}},
            {"_\\_a%", new boolean[] {false, false, false, false, false, false, false, true, false}},
            {"%b%c", new boolean[] {true, false, true, false, false, false, false, true, false}},
            {"a.c", new boolean[] {false, false, false, false, false, true, false, false, false}},
            {"%x", new boolean[] {false, true, false, false, false, false, false, false, false}},
            {"x%x", new boolean[] {false, true, false, false, false, false, false, false, false}},
            {"", new boolean[] {false, false, false, false, false, false, false, false, true}},
            {"__", new boolean[] {false, false, false, true, false, false, false, false, false}},
        };
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, new ArrayList<>(values)))) {
            for (Object[] c : patterns) {
                boolean[] expected = (boolean[]) c[1];
                List<Object> actual = evaluateOn(like(col("s"), (String) c[0]), input);
                for (int i = 0; i < values.size(); i++) {
                    assertThat(actual.get(i)).as("'%s' LIKE '%s'", values.get(i), c[0]).isEqualTo(expected[i]);
                }
            }
        }
    }

    @Test
    void likeTreatsRegexCharactersLiterallyAndHonoursEscapes() {
        String[] regexy = {"a+b", "(x)*", "[ab]", "a|b", "^$", "a\\b", "100%", "x_y", "a{2}", "?"};
        List<Object> rows = new ArrayList<>(List.of(regexy));
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, rows))) {
            for (String value : regexy) {
                String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                List<Object> actual = evaluateOn(like(col("s"), escaped), input);
                for (int i = 0; i < regexy.length; i++) {
                    assertThat(actual.get(i)).as("'%s' LIKE '%s'", regexy[i], escaped).isEqualTo(regexy[i].equals(value));
                }
            }
            assertThat(evaluateOn(like(col("s"), "%\\%"), input)).containsExactly(false, false, false, false, false, false, true, false, false, false);
            assertThat(evaluateOn(like(col("s"), "%|%"), input)).containsExactly(false, false, false, true, false, false, false, false, false, false);
            assertThat(evaluateOn(like(col("s"), "a_b"), input)).containsExactly(true, false, false, true, false, true, false, false, false, false);
        }
        assertThatThrownBy(() -> evaluate(like(col("s"), "abc\\"), batch(allocator, column("s", DataTypes.STRING, "abc"))))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("escape character");
    }

    @Test
    void likeAgreesWithARegexTranslationOnManyStrings() {
        String[] patterns = {"%a%b%", "_%_", "a%a", "%aa%b", "b_a%", "%é_", "%ab%ba%"};
        List<Object> values = new ArrayList<>();
        String alphabet = "abé";
        for (int length = 0; length <= 5; length++) {
            int combinations = (int) Math.pow(alphabet.length(), length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder text = new StringBuilder();
                for (int p = 0, rest = n; p < length; p++, rest /= alphabet.length()) {
                    text.append(alphabet.charAt(rest % alphabet.length()));
                }
                values.add(text.toString());
            }
        }
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, values))) {
            for (String pattern : patterns) {
                Pattern regex = Pattern.compile(Pattern.quote(pattern).replace("%", "\\E.*\\Q").replace("_", "\\E.\\Q"), Pattern.DOTALL);
                List<Object> actual = evaluateOn(like(col("s"), pattern), input);
                for (int i = 0; i < values.size(); i++) {
                    assertThat(actual.get(i)).as("'%s' LIKE '%s'", values.get(i), pattern).isEqualTo(regex.matcher((String) values.get(i)).matches());
                }
            }
        }
    }

    @Test
    void likeWithAPatternColumn() {
        assertThat(evaluate(new Call(Call.Function.LIKE, List.of(col("s"), col("p"))), batch(allocator,
                column("s", DataTypes.STRING, "abc", "abc", "abc", null, "xyz"),
                column("p", DataTypes.STRING, "a%", "a%", "%z", "%", null))))
                .containsExactly(true, true, false, null, null);
    }

    @Test
    void startsEndsWithAndContains() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, "prefix-body-suffix", "body", "", null),
                column("part", DataTypes.STRING, "body", "xx", "", "a"))) {
            assertThat(evaluateOn(startsWith(col("s"), "prefix"), input)).containsExactly(true, false, false, null);
            assertThat(evaluateOn(endsWith(col("s"), "suffix"), input)).containsExactly(true, false, false, null);
            assertThat(evaluateOn(contains(col("s"), "body"), input)).containsExactly(true, true, false, null);
            assertThat(evaluateOn(contains(col("s"), ""), input)).containsExactly(true, true, true, null);
            assertThat(evaluateOn(startsWith(col("s"), "%"), input)).containsExactly(false, false, false, null);
            assertThat(evaluateOn(new Call(Call.Function.CONTAINS, List.of(col("s"), col("part"))), input)).containsExactly(true, false, true, null);
            assertThat(evaluateOn(new Call(Call.Function.ENDS_WITH, List.of(col("s"), col("part"))), input)).containsExactly(false, false, true, null);
        }
    }

    @Test
    void replaceEveryOccurrence() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, "a-b-c", "none", "ééé", "", null),
                column("with", DataTypes.STRING, "+", "+", null, "+", "+"))) {
            assertThat(evaluateOn(replace(col("s"), "-", "--"), input)).containsExactly("a--b--c", "none", "ééé", "", null);
            assertThat(evaluateOn(replace(col("s"), "é", "e"), input)).containsExactly("a-b-c", "none", "eee", "", null);
            assertThat(evaluateOn(replace(col("s"), "", "x"), input)).containsExactly("a-b-c", "none", "ééé", "", null);
            assertThat(evaluateOn(replace(col("s"), "-b-", ""), input)).containsExactly("ac", "none", "ééé", "", null);
            assertThat(evaluateOn(new Call(Call.Function.REPLACE, List.of(col("s"), lit("-"), col("with"))), input))
                    .containsExactly("a+b+c", "none", null, "", null);
        }
    }

    @Test
    void stringFunctionsOnAnEmptyBatch() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING))) {
            assertThat(evaluateOn(upper(col("s")), input)).isEmpty();
            assertThat(evaluateOn(like(col("s"), "%a%"), input)).isEmpty();
            assertThat(evaluateOn(concat(col("s"), "x"), input)).isEmpty();
            assertThat(evaluateOn(length(col("s")), input)).isEmpty();
        }
    }
}
