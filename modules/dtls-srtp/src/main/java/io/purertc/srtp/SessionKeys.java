package io.purertc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The session keys one direction uses for SRTP or for SRTCP, derived from a master key with the AES-CM PRF at
 * key derivation rate 0, so once per session: the PRF input is (label || index DIV kdr) XOR master salt, times
 * 2^16, and with kdr 0 the index term is 0. AES-256 master keys run the same construction on AES-256
 * (RFC 6188 §7). GCM's 96-bit master salt is multiplied by 2^16 to the 112 bits the PRF expects (RFC 7714 §11,
 * erratum 4938).
 */
// RFC 3711 §4.3.1, §4.3.3; RFC 6188 §7; RFC 7714 §11
record SessionKeys(byte[] cipherKey, byte[] salt, byte[] authKey) {

    static final int RTP_ENCRYPTION = 0x00;
    static final int RTCP_ENCRYPTION = 0x03;
    /** n_a of the HMAC-SHA1 profiles (RFC 5764 §4.1.2); the AEAD profiles have no separate authentication key. */
    static final int AUTH_KEY_LENGTH = 20;
    /** The PRF works on a 112-bit salt; bytes 14 and 15 of its input block are the 2^16 shift. */
    private static final int PRF_SALT_LENGTH = 14;
    /** key_id = label || r is 56 bits, aligned with the salt's least significant bits: the label lands on byte 7. */
    private static final int LABEL_BYTE = PRF_SALT_LENGTH - 7;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static SessionKeys forRtp(SrtpMasterKey master) {
        return derive(master, RTP_ENCRYPTION);
    }

    static SessionKeys forRtcp(SrtpMasterKey master) {
        return derive(master, RTCP_ENCRYPTION);
    }

    /** Labels: {@code encryptionLabel} for the cipher key, the next for the auth key, the one after for the salt. */
    private static SessionKeys derive(SrtpMasterKey master, int encryptionLabel) {
        SrtpProfile profile = master.profile();
        AesCounterMode prf = new AesCounterMode(master.key());
        byte[] masterSalt = master.salt();
        byte[] authKey = profile.isAead() ? new byte[0] : prf(prf, masterSalt, encryptionLabel + 1, AUTH_KEY_LENGTH);
        return new SessionKeys(prf(prf, masterSalt, encryptionLabel, profile.keyLength()),
                prf(prf, masterSalt, encryptionLabel + 2, profile.saltLength()), authKey);
    }

    /** {@code length} bytes of PRF output for {@code label}; {@code prf} is keyed with the master key. */
    static byte[] prf(AesCounterMode prf, byte[] masterSalt, int label, int length) {
        byte[] block = new byte[16];
        System.arraycopy(masterSalt, 0, block, 0, masterSalt.length);
        block[LABEL_BYTE] ^= (byte) label;
        byte[] out = new byte[length];
        prf.apply(out, 0, length, (long) LONG.get(block, 0), (long) LONG.get(block, 8));
        return out;
    }
}
