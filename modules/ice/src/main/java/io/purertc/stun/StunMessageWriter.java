package io.purertc.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Writes one STUN message in place into a caller's buffer, attribute by attribute, keeping the header
 * length current. MESSAGE-INTEGRITY and FINGERPRINT are computed over what was written before them,
 * so add them last, in that order. The padding byte is configurable because RFC 8489 lets it be any
 * value and the RFC 5769 vectors use 0x20 in places; it defaults to zero.
 */
// RFC 8489 §5, §14
public final class StunMessageWriter {

    private final byte[] buf;
    private final int offset;
    private int pos;
    private byte padding;

    public StunMessageWriter(byte[] buf, int offset, int method, StunClass messageClass, byte[] transactionId) {
        if ((method & ~0xFFF) != 0) {
            throw new IllegalArgumentException("method does not fit 12 bits: " + method);
        }
        if (transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("transaction id is not 12 bytes");
        }
        this.buf = buf;
        this.offset = offset;
        ensure(StunMessage.HEADER_LENGTH);
        int type = StunMessage.typeOf(method, messageClass);
        buf[offset] = (byte) (type >> 8);
        buf[offset + 1] = (byte) type;
        writeInt(4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, buf, offset + 8, StunMessage.TRANSACTION_ID_LENGTH);
        pos = StunMessage.HEADER_LENGTH;
        setLengthTo(pos);
    }

    /**
     * Starts an error response to {@code request}: its method and transaction id, then ERROR-CODE, and for a
     * 420 the UNKNOWN-ATTRIBUTES listing the request's unknown comprehension-required attributes. Add what
     * the usage needs (REALM, NONCE), then {@link #messageIntegrityFor} when the request was authenticated
     * (RFC 8489 §9.1.3: never after a failed credential check), then {@link #fingerprint()}.
     *
     * @throws IllegalArgumentException for a 420 to a request without unknown comprehension-required attributes
     */
    // RFC 8489 §6.3.1.1, §14.8, §14.13
    public static StunMessageWriter errorResponse(byte[] buf, int offset, StunMessage request, ErrorCode error) {
        StunMessageWriter writer = new StunMessageWriter(buf, offset, request.method(), StunClass.ERROR_RESPONSE,
                request.transactionId())
                .errorCode(error);
        if (error.code() == ErrorCode.UNKNOWN_ATTRIBUTE) {
            int[] unknown = request.unknownRequiredAttributes();
            if (unknown.length == 0) {
                throw new IllegalArgumentException("420 to a request without unknown comprehension-required attributes");
            }
            writer.unknownAttributes(unknown);
        }
        return writer;
    }

    /** A fresh transaction id from {@code random}; RFC 8489 §5 asks for a cryptographically random one. */
    public static byte[] newTransactionId(Random random) {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        return id;
    }

    public StunMessageWriter padding(byte value) {
        padding = value;
        return this;
    }

    /** Bytes written so far, header included. */
    public int length() {
        return pos;
    }

    public StunMessageWriter mappedAddress(InetSocketAddress address) {
        return address(StunAttribute.MAPPED_ADDRESS, address, false);
    }

    public StunMessageWriter xorMappedAddress(InetSocketAddress address) {
        return address(StunAttribute.XOR_MAPPED_ADDRESS, address, true);
    }

    public StunMessageWriter xorPeerAddress(InetSocketAddress address) {
        return address(StunAttribute.XOR_PEER_ADDRESS, address, true);
    }

    public StunMessageWriter xorRelayedAddress(InetSocketAddress address) {
        return address(StunAttribute.XOR_RELAYED_ADDRESS, address, true);
    }

    // RFC 8489 §14.1, §14.2
    private StunMessageWriter address(int type, InetSocketAddress address, boolean xor) {
        byte[] ip = address.getAddress().getAddress();
        int v = begin(type, 4 + ip.length);
        buf[v] = 0;
        buf[v + 1] = (byte) (ip.length == 4 ? 1 : 2);
        int port = address.getPort() ^ (xor ? StunMessage.MAGIC_COOKIE >>> 16 : 0);
        buf[v + 2] = (byte) (port >> 8);
        buf[v + 3] = (byte) port;
        for (int k = 0; k < ip.length; k++) {
            buf[v + 4 + k] = (byte) (ip[k] ^ (xor ? buf[offset + 4 + k] : 0));
        }
        return end(4 + ip.length);
    }

    public StunMessageWriter username(String username) {
        return text(StunAttribute.USERNAME, username);
    }

    public StunMessageWriter realm(String realm) {
        return text(StunAttribute.REALM, realm);
    }

    public StunMessageWriter nonce(String nonce) {
        return text(StunAttribute.NONCE, nonce);
    }

    public StunMessageWriter software(String software) {
        return text(StunAttribute.SOFTWARE, software);
    }

    private StunMessageWriter text(int type, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > StunMessage.MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("text attribute longer than 763 bytes");
        }
        return bytes(type, utf8, 0, utf8.length);
    }

    public StunMessageWriter data(byte[] data) {
        return data(data, 0, data.length);
    }

    /** DATA from {@code data[offset, offset + length)}, so a caller's datagram goes in without a copy first. */
    public StunMessageWriter data(byte[] data, int offset, int length) {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("DATA longer than an attribute can hold");
        }
        return bytes(StunAttribute.DATA, data, offset, length);
    }

    private StunMessageWriter bytes(int type, byte[] value, int offset, int length) {
        int v = begin(type, length);
        System.arraycopy(value, offset, buf, v, length);
        return end(length);
    }

    public StunMessageWriter errorCode(ErrorCode error) {
        byte[] reason = error.reason().getBytes(StandardCharsets.UTF_8);
        if (reason.length > StunMessage.MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("reason phrase longer than 763 bytes");
        }
        int v = begin(StunAttribute.ERROR_CODE, 4 + reason.length);
        buf[v] = 0;
        buf[v + 1] = 0;
        buf[v + 2] = (byte) (error.code() / 100);
        buf[v + 3] = (byte) (error.code() % 100);
        System.arraycopy(reason, 0, buf, v + 4, reason.length);
        return end(4 + reason.length);
    }

    public StunMessageWriter unknownAttributes(int... types) {
        int v = begin(StunAttribute.UNKNOWN_ATTRIBUTES, 2 * types.length);
        for (int k = 0; k < types.length; k++) {
            buf[v + 2 * k] = (byte) (types[k] >> 8);
            buf[v + 2 * k + 1] = (byte) types[k];
        }
        return end(2 * types.length);
    }

    public StunMessageWriter priority(long priority) {
        return int32(StunAttribute.PRIORITY, (int) priority);
    }

    public StunMessageWriter lifetime(long seconds) {
        return int32(StunAttribute.LIFETIME, (int) seconds);
    }

    /** CHANNEL-NUMBER: the number in the top 16 bits, RFFU zero below. */
    public StunMessageWriter channelNumber(int channel) {
        return int32(StunAttribute.CHANNEL_NUMBER, channel << 16);
    }

    /** REQUESTED-TRANSPORT: the IP protocol number (17 = UDP) in the top byte. */
    public StunMessageWriter requestedTransport(int protocol) {
        return int32(StunAttribute.REQUESTED_TRANSPORT, protocol << 24);
    }

    private StunMessageWriter int32(int type, int value) {
        int v = begin(type, 4);
        writeInt(v - offset, value);
        return end(4);
    }

    public StunMessageWriter iceControlled(long tieBreaker) {
        return int64(StunAttribute.ICE_CONTROLLED, tieBreaker);
    }

    public StunMessageWriter iceControlling(long tieBreaker) {
        return int64(StunAttribute.ICE_CONTROLLING, tieBreaker);
    }

    private StunMessageWriter int64(int type, long value) {
        int v = begin(type, 8);
        writeInt(v - offset, (int) (value >>> 32));
        writeInt(v - offset + 4, (int) value);
        return end(8);
    }

    public StunMessageWriter useCandidate() {
        begin(StunAttribute.USE_CANDIDATE, 0);
        return end(0);
    }

    public StunMessageWriter dontFragment() {
        begin(StunAttribute.DONT_FRAGMENT, 0);
        return end(0);
    }

    public StunMessageWriter messageIntegrity(StunIntegrity key) {
        int at = pos;
        begin(StunAttribute.MESSAGE_INTEGRITY, 20);
        key.writeSha1(buf, offset, at);
        return end(20);
    }

    public StunMessageWriter messageIntegritySha256(StunIntegrity key) {
        int at = pos;
        begin(StunAttribute.MESSAGE_INTEGRITY_SHA256, 32);
        key.writeSha256(buf, offset, at);
        return end(32);
    }

    /**
     * Signs a response with the algorithm the short-term mechanism picks from the request it answers
     * (RFC 8489 §9.1.3): MESSAGE-INTEGRITY-SHA256, full 32 bytes, when the request carried it, else
     * MESSAGE-INTEGRITY. The long-term mechanism chooses by PASSWORD-ALGORITHM instead (§9.2.4).
     */
    public StunMessageWriter messageIntegrityFor(StunMessage request, StunIntegrity key) {
        return request.integritySha256At() >= 0 ? messageIntegritySha256(key) : messageIntegrity(key);
    }

    // RFC 8489 §14.7: the CRC covers the header with the length already counting FINGERPRINT
    public StunMessageWriter fingerprint() {
        int at = pos;
        int v = begin(StunAttribute.FINGERPRINT, 4);
        writeInt(v - offset, StunMessage.fingerprint(buf, offset, at));
        return end(4);
    }

    /** Writes the attribute header and returns the absolute offset of its value. */
    private int begin(int type, int valueLength) {
        int padded = (valueLength + 3) & ~3;
        if (pos + 4 + padded - StunMessage.HEADER_LENGTH > 0xFFFF) {
            throw new IllegalStateException("message longer than the 16-bit length field allows");
        }
        ensure(pos + 4 + padded);
        buf[offset + pos] = (byte) (type >> 8);
        buf[offset + pos + 1] = (byte) type;
        buf[offset + pos + 2] = (byte) (valueLength >> 8);
        buf[offset + pos + 3] = (byte) valueLength;
        setLengthTo(pos + 4 + padded);
        return offset + pos + 4;
    }

    private StunMessageWriter end(int valueLength) {
        int padded = (valueLength + 3) & ~3;
        for (int k = valueLength; k < padded; k++) {
            buf[offset + pos + 4 + k] = padding;
        }
        pos += 4 + padded;
        return this;
    }

    private void ensure(int bytes) {
        if (offset + bytes > buf.length) {
            throw new IllegalStateException("buffer too small for the STUN message: need " + (offset + bytes));
        }
    }

    private void setLengthTo(int end) {
        int bodyLength = end - StunMessage.HEADER_LENGTH;
        buf[offset + 2] = (byte) (bodyLength >> 8);
        buf[offset + 3] = (byte) bodyLength;
    }

    private void writeInt(int at, int value) {
        buf[offset + at] = (byte) (value >> 24);
        buf[offset + at + 1] = (byte) (value >> 16);
        buf[offset + at + 2] = (byte) (value >> 8);
        buf[offset + at + 3] = (byte) value;
    }
}
