package io.purertc.srtp;

/**
 * One profile's packet transforms under one set of session keys: the SRTP keys or the SRTCP keys of one
 * direction, so a session holds four and uses each for its own packet kind. Callers have checked every length:
 * {@code headerLength} lies within the packet, the packet is long enough for the trailer it claims, and the
 * buffer has room for what a seal appends. Seal methods return the new length; open methods return the
 * length without the trailer, or -1 when the tag does not verify. AES-CM checks the tag before it decrypts and
 * leaves a refused packet as it was; SunJCE's GCM may have written over it (JDK 25 does, JDK 17 does not).
 */
sealed interface SrtpCipher permits AesCmHmacSha1, AesGcm {

    /** Bytes {@link #sealRtp} appends: the authentication tag. */
    int rtpOverhead();

    /** Bytes {@link #sealRtcp} appends: the E-flag and SRTCP index word and the tag. */
    int rtcpOverhead();

    /** Encrypts the payload after {@code headerLength} and appends the tag, at 48-bit packet index {@code index}. */
    int sealRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    int openRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Encrypts everything after the first 8 bytes and appends E=1, the 31-bit {@code index} and the tag. */
    int sealRtcp(byte[] buf, int off, int len, int ssrc, int index);

    /** Where in a protected SRTCP packet of {@code len} bytes the E-flag and index word starts, from its start. */
    int rtcpIndexOffset(int len);

    /** {@code esrtcp} is the word at {@link #rtcpIndexOffset}; its E-flag says whether to decrypt. */
    int openRtcp(byte[] buf, int off, int len, int ssrc, int esrtcp);
}
