package io.rescind.core.revocation;

/**
 * An identifier in the format of {@code Entropy.identifier()} (128 random bits, 22 characters of base64url without
 * padding, RFC 4648 §5) read as two longs, so a table can keep it in 16 bytes rather than a String of about 64.
 * Only the canonical encoding is one (its last character's 4 unused bits zero): two strings that are ids are equal
 * iff their halves are.
 */
final class Base64Id {
    static final int LENGTH = 22;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** The 6-bit value of each ASCII character of the base64url alphabet; -1 for the others. */
    private static final byte[] DIGITS = new byte[128];

    static {
        java.util.Arrays.fill(DIGITS, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGITS[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private Base64Id() {}

    static boolean isOne(String s) {
        if (s.length() != LENGTH) {
            return false;
        }
        int any = 0;
        for (int i = 0; i < LENGTH; i++) {
            any |= digit(s.charAt(i));
        }
        return any >= 0 && (digit(s.charAt(LENGTH - 1)) & 0b1111) == 0;
    }

    /** Characters 0 to 9 (60 bits) under the top 4 bits of character 20. */
    static long high(String id) {
        return sixes(id, 0) | (long) (digit(id.charAt(20)) >>> 2) << 60;
    }

    /** Characters 10 to 19 (60 bits) under the last 2 bits of character 20 and the top 2 of character 21. */
    static long low(String id) {
        int top = (digit(id.charAt(20)) & 0b11) << 2 | digit(id.charAt(21)) >>> 4;
        return sixes(id, 10) | (long) top << 60;
    }

    /**
     * The first two characters' 12 bits, as {@link #headOf} finds them in {@link #high}; negative if either is not a
     * base64url character. A cheap first comparison: two different ids rarely share it.
     */
    static int head(String s) {
        return digit(s.charAt(0)) << 6 | digit(s.charAt(1));
    }

    static int headOf(long high) {
        return (int) (high >>> 48) & 0xFFF;
    }

    /** {@code hashCode()} of the id whose halves these are, without making the string. */
    static int stringHash(long high, long low) {
        int h = 0;
        for (int shift = 54; shift >= 0; shift -= 6) {
            h = 31 * h + ALPHABET.charAt((int) (high >>> shift) & 63);
        }
        for (int shift = 54; shift >= 0; shift -= 6) {
            h = 31 * h + ALPHABET.charAt((int) (low >>> shift) & 63);
        }
        h = 31 * h + ALPHABET.charAt((int) (high >>> 58) & 0b111100 | (int) (low >>> 62));
        return 31 * h + ALPHABET.charAt((int) (low >>> 56) & 0b110000);
    }

    /**
     * Whether {@code s} is the id of these halves: {@code isOne(s) && high(s) == high && low(s) == low} in one pass
     * over its characters (the lookup of a revoked id pays it).
     */
    static boolean is(String s, long high, long low) {
        long h = 0;
        long l = 0;
        int any = 0;
        for (int i = 0; i < 10; i++) {
            int d = digit(s.charAt(i));
            int e = digit(s.charAt(i + 10));
            any |= d | e;
            h = h << 6 | d;
            l = l << 6 | e;
        }
        int c20 = digit(s.charAt(20));
        int c21 = digit(s.charAt(21));
        h |= (long) (c20 >>> 2) << 60;
        l |= (long) ((c20 & 0b11) << 2 | c21 >>> 4) << 60;
        return (any | c20 | c21) >= 0 && (c21 & 0b1111) == 0 && h == high && l == low;
    }

    /** The ten 6-bit digits from {@code from}, the first the highest. */
    private static long sixes(String id, int from) {
        long bits = 0;
        for (int i = from; i < from + 10; i++) {
            bits = bits << 6 | digit(id.charAt(i));
        }
        return bits;
    }

    private static int digit(char c) {
        return c < DIGITS.length ? DIGITS[c] : -1;
    }
}
