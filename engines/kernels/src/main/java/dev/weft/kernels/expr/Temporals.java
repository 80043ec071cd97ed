package dev.weft.kernels.expr;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Calendar arithmetic on epoch days and timestamp units, without java.time objects on the hot paths. */
final class Temporals {
    static final long MILLIS_PER_DAY = 86_400_000L;

    private Temporals() {}

    static long unitsPerSecond(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> 1L;
            case MILLISECOND -> 1_000L;
            case MICROSECOND -> 1_000_000L;
            case NANOSECOND -> 1_000_000_000L;
        };
    }

    static long unitsPerDay(TimeUnit unit) {
        return unitsPerSecond(unit) * 86_400L;
    }

    /** Units per day of a date or timestamp type's stored values (1 for DateDay). */
    static long unitsPerDay(ArrowType type) {
        if (type instanceof ArrowType.Date date) {
            return date.getUnit() == DateUnit.DAY ? 1L : MILLIS_PER_DAY;
        }
        return unitsPerDay(((ArrowType.Timestamp) type).getUnit());
    }

    /**
     * The time zone whose wall clock gives the calendar fields of a timestamp type: null for UTC and zone-less
     * timestamps (the fast path), otherwise the zone's rules.
     */
    static ZoneRules zoneRules(ArrowType type) {
        if (!(type instanceof ArrowType.Timestamp timestamp) || timestamp.getTimezone() == null) {
            return null;
        }
        ZoneId zone = ZoneId.of(timestamp.getTimezone());
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset() && rules.getOffset(Instant.EPOCH).equals(ZoneOffset.UTC)) {
            return null;
        }
        return rules;
    }

    /** The epoch day of a stored date or timestamp value, in the given zone (null: UTC). */
    static long epochDay(long value, long unitsPerDay, TimeUnit unit, ZoneRules zone) {
        if (zone == null || unit == null) {
            return Math.floorDiv(value, unitsPerDay);
        }
        long perSecond = unitsPerSecond(unit);
        long seconds = Math.floorDiv(value, perSecond);
        int offset = zone.getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
        return Math.floorDiv(seconds + offset, 86_400L);
    }

    static long toUnit(Instant instant, TimeUnit unit) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        return switch (unit) {
            case SECOND -> seconds;
            case MILLISECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000L), nanos / 1_000_000);
            case MICROSECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
            case NANOSECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        };
    }

    static Instant toInstant(long value, TimeUnit unit) {
        long perSecond = unitsPerSecond(unit);
        long seconds = Math.floorDiv(value, perSecond);
        long rest = Math.floorMod(value, perSecond);
        return Instant.ofEpochSecond(seconds, rest * (1_000_000_000L / perSecond));
    }

    /** The year of an epoch day (proleptic Gregorian calendar). */
    static int year(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        long year = yearOfEra + era * 400;
        return (int) (shiftedMonth >= 10 ? year + 1 : year);
    }

    /** The month (1-12) of an epoch day. */
    static int month(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        return (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    }

    /** The day of month (1-31) of an epoch day. */
    static int day(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        return (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    }
}
