package io.purertc.codec.vp8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte arithmetic eight lanes at a time in a long ("SIMD within a register"), for the loop filter
 * (RFC 6386 §15). Lane i is bits 8i..8i+7, the byte at offset i of a little-endian load, so eight
 * consecutive pixels of a row load as one long in order.
 *
 * <p>The one trick throughout: a 64-bit addition or subtraction carries from one lane into the
 * next only through a lane's top bit. So the low seven bits of each lane are added with the top
 * bits cleared (at most 127 + 127, no carry out), or subtracted from a lane whose top bit is set
 * (at least 128 - 127, no borrow out), and the top bit of the result is then fixed with an
 * exclusive or; the carry or borrow a lane would have produced comes from the same top bits.
 * Comparisons give their answer in each lane's top bit; {@link #spread} widens it to a 0x00/0xFF
 * lane mask.
 */
final class Swar {

    static final long ONES = 0x0101010101010101L;
    static final long HIGH = 0x8080808080808080L;
    static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    // the even bytes, i.e. four 16-bit lanes holding one byte each
    static final long EVEN = 0x00FF00FF00FF00FFL;
    static final long EVEN_ONES = 0x0001000100010001L;
    // the lower block of each 2x2 block pair the transpose swaps
    private static final long BYTE_BLOCKS = EVEN;
    private static final long PAIR_BLOCKS = 0x0000FFFF0000FFFFL;
    private static final long QUAD_BLOCKS = 0x00000000FFFFFFFFL;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Swar() {
    }

    /** The eight bytes at {@code at}, byte i in lane i. */
    static long load(byte[] s, int at) {
        return (long) LONGS.get(s, at);
    }

    static void store(byte[] s, int at, long lanes) {
        LONGS.set(s, at, lanes);
    }

    /** 255 - limit in every lane, the form {@link #above} takes its limit in. */
    static long complement(int limit) {
        return (255 - limit) * ONES;
    }

    /**
     * 0xFF in each lane whose top bit is set in {@code topBits} (other bits must be 0), else 0:
     * 0x100 - 0x01 per lane, the 0x100 landing on the next lane's bottom bit (or beyond bit 63).
     */
    static long spread(long topBits) {
        return (topBits << 1) - (topBits >>> 7);
    }

    /** a + b in each lane, modulo 256. */
    static long add(long a, long b) {
        return ((a & LOW7) + (b & LOW7)) ^ ((a ^ b) & HIGH);
    }

    /** a - b in each lane, modulo 256. */
    static long sub(long a, long b) {
        return ((a | HIGH) - (b & LOW7)) ^ ((a ^ ~b) & HIGH);
    }

    /**
     * The top bit of each lane where unsigned x > limit, given {@code complement} = 255 - limit
     * per lane: x + 255 - limit carries out of the lane exactly then.
     */
    static long above(long x, long complement) {
        long low = (x & LOW7) + (complement & LOW7);
        return ((x & complement) | (low & (x | complement))) & HIGH;
    }

    /** 127 - limit in every lane, the form {@link #aboveSmall} takes a limit of at most 127 in. */
    static long smallComplement(int limit) {
        return (127 - limit) * ONES;
    }

    /**
     * The top bit of each lane where unsigned x > limit, for a limit of at most 127, given
     * {@code complement} = 127 - limit per lane: x's low seven bits plus 127 - limit reach the top
     * bit exactly when they exceed the limit (at most 254, no carry out), and x's own top bit
     * means x > 127 >= limit. Half the work of {@link #above}.
     */
    static long aboveSmall(long x, long complement) {
        return (x | ((x & LOW7) + complement)) & HIGH;
    }

    /** |a - b| of unsigned lanes: the larger minus the smaller, which borrows in no lane. */
    static long absDiff(long a, long b) {
        long low = (a | HIGH) - (b & LOW7);
        // a < b: a's top bit clear and b's set, or equal top bits and a borrow from the low seven
        long less = spread(((~a & b) | ~(a ^ b | low)) & HIGH);
        long larger = a ^ ((a ^ b) & less);
        return larger - (a ^ b ^ larger);
    }

    /**
     * Whether every signed lane of x is within -k..k, for k of at most 3: x + k and x + 7 - k are
     * then both 0..7 (x within -k..7 - k and k - 7..k), the lane additions wrapping any lane that
     * is not to 8 or more.
     */
    static boolean allWithin(long x, int k) {
        return ((add(x, k * ONES) | add(x, (7 - k) * ONES)) & ~(7 * ONES)) == 0;
    }

    /** a + b of unsigned lanes, saturated at 255. */
    static long addUnsignedSaturated(long a, long b) {
        long low = (a & LOW7) + (b & LOW7);
        long carry = ((a & b) | (low & (a | b))) & HIGH;
        return (low ^ ((a ^ b) & HIGH)) | spread(carry);
    }

    /** a + b of signed lanes, saturated to -128..127. */
    static long addSaturated(long a, long b) {
        long sum = add(a, b);
        // overflow: a and b have one sign and the sum the other
        return saturate(a, sum, ~(a ^ b) & (a ^ sum) & HIGH);
    }

    /**
     * a + c of signed lanes for a constant 0 < c < 128 in every lane ({@code c} = c * ONES),
     * saturated to 127: only a non-negative a can overflow, and only upward.
     */
    static long addSaturatedConstant(long a, long c) {
        long sum = add(a, c);
        long m = spread(sum & ~a & HIGH);
        return sum ^ ((sum ^ LOW7) & m);
    }

    /** a - b of signed lanes, saturated to -128..127. */
    static long subSaturated(long a, long b) {
        long difference = sub(a, b);
        // overflow: a and b have different signs and the difference has b's
        return saturate(a, difference, (a ^ b) & (a ^ difference) & HIGH);
    }

    // where a lane overflowed, the result goes to the end of the range on a's side: 127, or 127 + 1 = -128
    private static long saturate(long a, long result, long overflow) {
        long m = spread(overflow);
        long limit = LOW7 + ((a & HIGH) >>> 7);
        return (result & ~m) | (limit & m);
    }

    /** x >> 3 of signed lanes: the bits shifted in from the lane above are replaced by copies of the sign. */
    static long shiftRight3(long x) {
        return ((x >>> 3) & 0x1F1F1F1F1F1F1F1FL) | ((x & HIGH) >>> 7) * 0xE0;
    }

    /** x >> 1 of signed lanes. */
    static long shiftRight1(long x) {
        return ((x >>> 1) & LOW7) | (x & HIGH);
    }

    /**
     * Transposes the 8x8 bytes in rows[0..7] in place (byte j of rows[i] and byte i of rows[j]
     * change places): 2x2 blocks of bytes, then of 16-bit pairs, then of 32-bit quads. Each block
     * swap is a delta swap: t marks the bits where a's upper block and b's lower block differ, and
     * flipping them in both exchanges the blocks.
     */
    static void transpose(long[] rows) {
        long r0 = rows[0];
        long r1 = rows[1];
        long r2 = rows[2];
        long r3 = rows[3];
        long r4 = rows[4];
        long r5 = rows[5];
        long r6 = rows[6];
        long r7 = rows[7];
        long t = ((r0 >>> 8) ^ r1) & BYTE_BLOCKS;
        r1 ^= t;
        r0 ^= t << 8;
        t = ((r2 >>> 8) ^ r3) & BYTE_BLOCKS;
        r3 ^= t;
        r2 ^= t << 8;
        t = ((r4 >>> 8) ^ r5) & BYTE_BLOCKS;
        r5 ^= t;
        r4 ^= t << 8;
        t = ((r6 >>> 8) ^ r7) & BYTE_BLOCKS;
        r7 ^= t;
        r6 ^= t << 8;
        t = ((r0 >>> 16) ^ r2) & PAIR_BLOCKS;
        r2 ^= t;
        r0 ^= t << 16;
        t = ((r1 >>> 16) ^ r3) & PAIR_BLOCKS;
        r3 ^= t;
        r1 ^= t << 16;
        t = ((r4 >>> 16) ^ r6) & PAIR_BLOCKS;
        r6 ^= t;
        r4 ^= t << 16;
        t = ((r5 >>> 16) ^ r7) & PAIR_BLOCKS;
        r7 ^= t;
        r5 ^= t << 16;
        t = ((r0 >>> 32) ^ r4) & QUAD_BLOCKS;
        r4 ^= t;
        r0 ^= t << 32;
        t = ((r1 >>> 32) ^ r5) & QUAD_BLOCKS;
        r5 ^= t;
        r1 ^= t << 32;
        t = ((r2 >>> 32) ^ r6) & QUAD_BLOCKS;
        r6 ^= t;
        r2 ^= t << 32;
        t = ((r3 >>> 32) ^ r7) & QUAD_BLOCKS;
        r7 ^= t;
        r3 ^= t << 32;
        rows[0] = r0;
        rows[1] = r1;
        rows[2] = r2;
        rows[3] = r3;
        rows[4] = r4;
        rows[5] = r5;
        rows[6] = r6;
        rows[7] = r7;
    }
}
