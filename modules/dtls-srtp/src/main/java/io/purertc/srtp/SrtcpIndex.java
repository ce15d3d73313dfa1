package io.purertc.srtp;

/**
 * The sender's SRTCP index for one SSRC: 0 for the first packet, one more for each after. The index is
 * 31 bits and a key protects at most 2^31 SRTCP packets, so after that there is none left until re-keying
 * rather than a wrap that would reuse keystream.
 */
// RFC 3711 §3.4 (index from zero), §8.2 (SRTCP-packets-max-lifetime 2^31), §9.1 (no keystream reuse)
final class SrtcpIndex {

    static final int MAX = 0x7FFF_FFFF;

    private long next;

    SrtcpIndex() {
        this(0);
    }

    SrtcpIndex(int first) {
        this.next = first;
    }

    /** The index for the next packet, or -1 when all 2^31 are used. */
    int take() {
        if (next > MAX) {
            return -1;
        }
        return (int) next++;
    }
}
