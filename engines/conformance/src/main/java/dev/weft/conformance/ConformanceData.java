package dev.weft.conformance;

import dev.weft.conformance.ConformanceRecords.AllTypes;
import dev.weft.conformance.ConformanceRecords.Event;
import dev.weft.conformance.ConformanceRecords.Inner;
import dev.weft.conformance.ConformanceRecords.KeyValue;
import dev.weft.conformance.ConformanceRecords.Label;
import dev.weft.conformance.ConformanceRecords.Person;
import dev.weft.conformance.ConformanceRecords.Purchase;
import dev.weft.conformance.ConformanceRecords.Resident;
import dev.weft.conformance.ConformanceRecords.Sale;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Input data of the conformance pipelines: small hand-made sets with nulls and duplicates, and large seeded ones. */
public final class ConformanceData {
    /** Rows in a "large" input: many batches at batch size 1000. */
    public static final int LARGE = 50_000;
    /** Rows in a skewed input, 90% of them with one key. */
    public static final int SKEWED = 100_000;

    private ConformanceData() {}

    public static List<Person> people() {
        return List.of(
                new Person(1, "Ada", 36, "London"),
                new Person(2, "Grace", 85, "New York"),
                new Person(3, "Alan", 41, "London"),
                new Person(4, "Edsger", 72, "Rotterdam"),
                new Person(5, "Barbara", null, "Boston"),
                new Person(6, "Donald", 36, null),
                new Person(7, "Ken", 41, "London"),
                new Person(8, "Niklaus", 36, "Zurich"),
                new Person(9, "Frances", null, null),
                new Person(10, "John", 85, "New York"),
                new Person(11, "Tony", 72, "Oxford"),
                new Person(12, "Leslie", 36, "London"));
    }

    /** Purchases: several per person, persons without any, ids without a person, and NULL ids. */
    public static List<Purchase> purchases() {
        return List.of(
                new Purchase(1, "engine", 1_000),
                new Purchase(1, "notes", 250),
                new Purchase(3, "bombe", 9_900),
                new Purchase(3, "tea", 120),
                new Purchase(3, "tea", 120),
                new Purchase(4, "fountain pen", 4_500),
                new Purchase(6, "book", 7_000),
                new Purchase(9, "compiler", 3_300),
                new Purchase(42, "towel", 42),
                new Purchase(null, "lost receipt", 10),
                new Purchase(null, "lost receipt", 20),
                new Purchase(12, "latex", 1));
    }

    public static List<Resident> residents() {
        return List.of(
                new Resident("London", 36, "Chelsea"),
                new Resident("London", 41, "Camden"),
                new Resident("London", 41, "Hackney"),
                new Resident("New York", 85, "Harlem"),
                new Resident("Boston", null, "unknown age"),
                new Resident(null, 36, "unknown city"),
                new Resident("Zurich", 99, "nobody that old"));
    }

    public static List<Label> labels() {
        return List.of(
                new Label(1, "one"),
                new Label(2, "two"),
                new Label(2, "deux"),
                new Label(4, "four"),
                new Label(null, "nothing"));
    }

    /** Key/value pairs with duplicate keys, NULL keys and NULL values. */
    public static List<KeyValue> keyValues() {
        return Arrays.asList(
                new KeyValue(1, 10L),
                new KeyValue(1, 20L),
                new KeyValue(1, null),
                new KeyValue(2, 5L),
                new KeyValue(2, 5L),
                new KeyValue(3, null),
                new KeyValue(null, 7L),
                new KeyValue(null, 8L),
                new KeyValue(null, null),
                new KeyValue(4, -3L),
                new KeyValue(1, 20L));
    }

    /** {@code count} pairs with keys in [0, distinctKeys) and values in [0, 1000), from a seed. */
    public static List<KeyValue> randomKeyValues(int count, int distinctKeys, long seed) {
        Random random = new Random(seed);
        List<KeyValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(new KeyValue(random.nextInt(distinctKeys), (long) random.nextInt(1000)));
        }
        return values;
    }

    /** {@link #SKEWED} pairs: 90% with key 0, the rest spread over 1..999. */
    public static List<KeyValue> skewedKeyValues() {
        Random random = new Random(7);
        List<KeyValue> values = new ArrayList<>(SKEWED);
        for (int i = 0; i < SKEWED; i++) {
            int key = i % 10 == 0 ? 1 + random.nextInt(999) : 0;
            values.add(new KeyValue(key, (long) random.nextInt(100)));
        }
        Collections.shuffle(values, random);
        return values;
    }

    public static List<Long> randomLongs(int count, int bound, long seed) {
        Random random = new Random(seed);
        List<Long> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add((long) random.nextInt(bound));
        }
        return values;
    }

    public static List<Long> range(long count) {
        List<Long> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            values.add(i);
        }
        return values;
    }

    /** Sales: every (region, year) group has four rows, so decimal averages are exact at scale 6. */
    public static List<Sale> sales() {
        List<Sale> sales = new ArrayList<>();
        String[] regions = {"north", "south", "east"};
        int[] years = {2023, 2024};
        int n = 0;
        for (String region : regions) {
            for (int year : years) {
                for (int i = 0; i < 4; i++) {
                    n++;
                    Long quantity = n % 7 == 0 ? null : (long) n;
                    sales.add(new Sale(region, year, "p" + (n % 3), quantity, new BigDecimal(n * 125).movePointLeft(2),
                            n * 0.25));
                }
            }
        }
        return sales;
    }

    /** Events 7 seconds apart from 2024-01-01T00:00Z, keys a/b/c, neighbours swapped every fifth event (out of order by at most 7 s). */
    public static List<Event> events() {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            events.add(new Event(String.valueOf((char) ('a' + i % 3)), start.plusSeconds(7L * i), i));
        }
        for (int i = 0; i + 1 < events.size(); i += 5) {
            Collections.swap(events, i, i + 1);
        }
        return events;
    }

    public static List<AllTypes> allTypes() {
        return List.of(
                new AllTypes(true, (byte) -128, (short) 32_767, Integer.MAX_VALUE, Long.MIN_VALUE, 1.5f, Double.NaN, 'é',
                        Boolean.FALSE, (byte) 127, (short) -32_768, Integer.MIN_VALUE, Long.MAX_VALUE, -0.25f, 1e300, 'z',
                        "héllo, wörld ✓", new BigDecimal("1234567890.12"), new BigDecimal("-1.5").setScale(18),
                        LocalDate.of(2024, 2, 29), Instant.parse("2024-02-29T12:34:56.123456Z"), new byte[] {0, -1, 42},
                        new Inner("inner", 7), List.of("a", "b", "")),
                new AllTypes(false, (byte) 0, (short) 0, 0, 0L, 0f, 0d, 'A',
                        Boolean.TRUE, (byte) 0, (short) 0, 0, 0L, 0f, 0d, 'Z',
                        "", new BigDecimal("-0.01"), BigDecimal.ZERO.setScale(18),
                        LocalDate.of(1969, 12, 31), Instant.parse("1969-12-31T23:59:59.999999Z"), new byte[0],
                        new Inner(null, -1), List.of()),
                new AllTypes(false, (byte) 1, (short) 2, 3, 4L, 5f, 6d, '7',
                        null, null, null, null, null, null, null, null,
                        null, null, null,
                        null, null, null,
                        null, Arrays.asList("x", null, "y")),
                new AllTypes(true, (byte) 9, (short) 9, 9, 9L, 9f, 9d, '9',
                        null, null, null, null, null, null, null, null,
                        null, null, null,
                        null, null, null,
                        null, null));
    }
}
