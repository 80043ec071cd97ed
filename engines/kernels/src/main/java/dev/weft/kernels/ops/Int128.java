package dev.weft.kernels.ops;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Arithmetic on 128-bit two's complement integers held as (high, low) longs: the unscaled values of decimals. */
final class Int128 {
    /** 10^38, the first value a decimal(38, s) cannot hold. */
    private static final long TEN_POW_38_HIGH = 0x4B3B4CA85A86C47AL;
    private static final long TEN_POW_38_LOW = 0x098A224000000000L;
    private static final BigInteger LOW_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Int128() {}

    /** Adds (high, low) into {@code highs[index], lows[index]}; throws on 128-bit overflow. */
    static void addTo(long[] highs, long[] lows, int index, long high, long low, String what) {
        long a = highs[index];
        long sumLow = lows[index] + low;
        long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
        long sumHigh = a + high + carry;
        if (((a ^ sumHigh) & (high ^ sumHigh)) < 0) {
            throw overflow(what);
        }
        highs[index] = sumHigh;
        lows[index] = sumLow;
    }

    static int compare(long highA, long lowA, long highB, long lowB) {
        int c = Long.compare(highA, highB);
        return c != 0 ? c : Long.compareUnsigned(lowA, lowB);
    }

    /** Whether the value fits decimal(38, s): |value| < 10^38. */
    static boolean fitsPrecision38(long high, long low) {
        if (high >= 0) {
            return compare(high, low, TEN_POW_38_HIGH, TEN_POW_38_LOW) < 0;
        }
        // -value = ~value + 1
        long negLow = ~low + 1;
        long negHigh = ~high + (negLow == 0 ? 1 : 0);
        return negHigh >= 0 && compare(negHigh, negLow, TEN_POW_38_HIGH, TEN_POW_38_LOW) < 0;
    }

    static BigInteger toBigInteger(long high, long low) {
        return BigInteger.valueOf(high).shiftLeft(64).or(BigInteger.valueOf(low).and(LOW_MASK));
    }

    static BigDecimal toBigDecimal(long high, long low, int scale) {
        return new BigDecimal(toBigInteger(high, low), scale);
    }

    static WeftException overflow(String what) {
        return new WeftException(ErrorCode.INVALID_ARGUMENT,
                "%s overflowed decimal(38): the result has more than 38 digits; reduce the scale of the argument or filter outliers"
                        .formatted(what));
    }
}
