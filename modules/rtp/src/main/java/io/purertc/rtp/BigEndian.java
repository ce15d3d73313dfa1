package io.purertc.rtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Network byte order (RFC 791 Appendix B) reads and writes on byte arrays. The view var handles
 * compile to single loads and stores, which keeps header parsing free of shift-and-or chains.
 */
final class BigEndian {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    static int u8(byte[] buf, int off) {
        return buf[off] & 0xFF;
    }

    static int u16(byte[] buf, int off) {
        return (short) SHORT.get(buf, off) & 0xFFFF;
    }

    static int u24(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 16 | (buf[off + 1] & 0xFF) << 8 | buf[off + 2] & 0xFF;
    }

    static long u32(byte[] buf, int off) {
        return (int) INT.get(buf, off) & 0xFFFF_FFFFL;
    }

    static long i64(byte[] buf, int off) {
        return (long) LONG.get(buf, off);
    }

    static void putU16(byte[] buf, int off, int value) {
        SHORT.set(buf, off, (short) value);
    }

    static void putU24(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 16);
        buf[off + 1] = (byte) (value >>> 8);
        buf[off + 2] = (byte) value;
    }

    static void putU32(byte[] buf, int off, long value) {
        INT.set(buf, off, (int) value);
    }

    static void putI64(byte[] buf, int off, long value) {
        LONG.set(buf, off, value);
    }
}
