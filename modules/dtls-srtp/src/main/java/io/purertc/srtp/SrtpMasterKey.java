package io.purertc.srtp;

import java.util.Arrays;

/** The master key and master salt one side protects its packets with; copied in and out. */
// RFC 3711 §3.2.1, §8.2
public final class SrtpMasterKey {

    private final SrtpProfile profile;
    private final byte[] key;
    private final byte[] salt;

    public SrtpMasterKey(SrtpProfile profile, byte[] key, byte[] salt) {
        if (key.length != profile.keyLength() || salt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte key and a "
                    + profile.saltLength() + "-byte salt");
        }
        this.profile = profile;
        this.key = key.clone();
        this.salt = salt.clone();
    }

    public SrtpProfile profile() {
        return profile;
    }

    public byte[] key() {
        return key.clone();
    }

    public byte[] salt() {
        return salt.clone();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SrtpMasterKey[" + profile + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SrtpMasterKey that && profile == that.profile && Arrays.equals(key, that.key)
                && Arrays.equals(salt, that.salt);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * profile.hashCode() + Arrays.hashCode(key)) + Arrays.hashCode(salt);
    }
}
