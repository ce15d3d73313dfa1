package io.purertc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.InvalidKeyException;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP defines it: the keystream is E(IV) || E(IV + 1) || ..., XORed onto the data.
 * The counter blocks are built here and encrypted with one {@code AES/ECB/NoPadding} cipher keyed once, so a
 * packet costs no {@code Cipher.init} and allocates nothing; SunJCE's {@code AES/CTR} would need an init and an
 * {@code IvParameterSpec} per packet and copies the data when it works in place.
 *
 * <p>The IV's low 16 bits are zero in every SRTP use (RFC 3711 §4.1.1, §4.3.3) and a packet needs fewer than
 * 2^16 blocks, so the block counter is added to the low 64 bits without a carry into the high 64.
 */
// RFC 3711 §4.1.1
final class AesCounterMode {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Keystream made per ECB call; data longer than this is processed in turns. */
    private static final int CHUNK = 1024;

    private final Cipher ecb;
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];

    AesCounterMode(byte[] key) {
        ecb = Jce.cipher("AES/ECB/NoPadding");
        try {
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (InvalidKeyException e) {
            throw Jce.broken(e);
        }
    }

    /** XORs {@code buf[from, to)} with the keystream whose first counter block is {@code ivHigh || ivLow}. */
    void apply(byte[] buf, int from, int to, long ivHigh, long ivLow) {
        long counter = ivLow;
        for (int pos = from; pos < to; pos += CHUNK) {
            int n = Math.min(CHUNK, to - pos);
            int blockBytes = (n + 15) & ~15;
            for (int b = 0; b < blockBytes; b += 16) {
                LONG.set(counters, b, ivHigh);
                LONG.set(counters, b + 8, counter++);
            }
            try {
                ecb.update(counters, 0, blockBytes, keystream, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("keystream buffer sized for a whole chunk", e);
            }
            // The XOR runs on two arrays at the same index so C2 vectorises it; hence the copy in and out.
            System.arraycopy(buf, pos, counters, 0, n);
            for (int i = 0; i < n; i++) {
                counters[i] ^= keystream[i];
            }
            System.arraycopy(counters, 0, buf, pos, n);
        }
    }
}
