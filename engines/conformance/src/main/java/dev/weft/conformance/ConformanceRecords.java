package dev.weft.conformance;

import dev.weft.api.types.DecimalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The element types the conformance pipelines run on: public records, as a user's would be. */
public final class ConformanceRecords {
    private ConformanceRecords() {}

    public record Person(long id, String name, Integer age, String city) {}

    public record Purchase(Integer personId, String item, long cents) {}

    public record Resident(String city, Integer age, String note) {}

    public record KeyValue(Integer key, Long value) {}

    public record Label(Integer key, String label) {}

    public record Sale(String region, int year, String product, Long quantity,
                       @DecimalType(precision = 12, scale = 2) BigDecimal price, double weight) {}

    public record Event(String key, Instant at, long value) {}

    public record KeyCounts(Integer key, int leftCount, long leftSum, int rightCount) {}

    /** The typed columns a CSV file is read into. */
    public record Measurement(int id, String name, Double score, LocalDate day,
                              @DecimalType(precision = 10, scale = 2) BigDecimal amount) {}

    public record IdAndYears(long id, Long years) {}

    /** A record with a component no engine can carry. */
    public record WithMap(String name, Map<String, String> attributes) {}

    public record Inner(String label, int rank) {}

    /** Every supported component type; equality compares the bytes by content. */
    public record AllTypes(boolean flag, byte tiny, short small, int number, long big, float real, double precise,
                           char letter, Boolean boxedFlag, Byte boxedTiny, Short boxedSmall, Integer boxedNumber,
                           Long boxedBig, Float boxedReal, Double boxedPrecise, Character boxedLetter, String text,
                           @DecimalType(precision = 12, scale = 2) BigDecimal amount, BigDecimal wideAmount,
                           LocalDate day, Instant at, byte[] bytes, Inner inner, List<String> tags) {

        /** A field-by-field copy, so that a map hands the engine a new object. */
        public static AllTypes copy(AllTypes value) {
            return new AllTypes(value.flag, value.tiny, value.small, value.number, value.big, value.real, value.precise,
                    value.letter, value.boxedFlag, value.boxedTiny, value.boxedSmall, value.boxedNumber, value.boxedBig,
                    value.boxedReal, value.boxedPrecise, value.boxedLetter, value.text, value.amount, value.wideAmount,
                    value.day, value.at, value.bytes == null ? null : value.bytes.clone(), value.inner, value.tags);
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof AllTypes that)) {
                return false;
            }
            return flag == that.flag && tiny == that.tiny && small == that.small && number == that.number
                    && big == that.big && Float.compare(real, that.real) == 0 && Double.compare(precise, that.precise) == 0
                    && letter == that.letter && Objects.equals(boxedFlag, that.boxedFlag)
                    && Objects.equals(boxedTiny, that.boxedTiny) && Objects.equals(boxedSmall, that.boxedSmall)
                    && Objects.equals(boxedNumber, that.boxedNumber) && Objects.equals(boxedBig, that.boxedBig)
                    && Objects.equals(boxedReal, that.boxedReal) && Objects.equals(boxedPrecise, that.boxedPrecise)
                    && Objects.equals(boxedLetter, that.boxedLetter) && Objects.equals(text, that.text)
                    && Objects.equals(amount, that.amount) && Objects.equals(wideAmount, that.wideAmount)
                    && Objects.equals(day, that.day) && Objects.equals(at, that.at) && Arrays.equals(bytes, that.bytes)
                    && Objects.equals(inner, that.inner) && Objects.equals(tags, that.tags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(number, big, text, day, at, Arrays.hashCode(bytes), inner, tags);
        }

        @Override
        public String toString() {
            return "AllTypes[flag=%s, tiny=%s, small=%s, number=%s, big=%s, real=%s, precise=%s, letter=%s, boxedFlag=%s, "
                    .formatted(flag, tiny, small, number, big, real, precise, letter, boxedFlag)
                    + "boxedTiny=%s, boxedSmall=%s, boxedNumber=%s, boxedBig=%s, boxedReal=%s, boxedPrecise=%s, boxedLetter=%s, "
                    .formatted(boxedTiny, boxedSmall, boxedNumber, boxedBig, boxedReal, boxedPrecise, boxedLetter)
                    + "text=%s, amount=%s, wideAmount=%s, day=%s, at=%s, bytes=%s, inner=%s, tags=%s]"
                    .formatted(text, amount, wideAmount, day, at, Arrays.toString(bytes), inner, tags);
        }
    }
}
