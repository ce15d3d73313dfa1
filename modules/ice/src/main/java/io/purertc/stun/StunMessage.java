package io.purertc.stun;

import io.purertc.rtp.MalformedPacketException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A parsed STUN message: a view over the datagram bytes, which must not change while the view is in
 * use. The header and every attribute's framing are checked up front; values are decoded on demand.
 * Only the first occurrence of an attribute type counts. Attributes after MESSAGE-INTEGRITY other than
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored, as are those after MESSAGE-INTEGRITY-SHA256
 * other than FINGERPRINT; anything after FINGERPRINT is rejected.
 */
// RFC 8489 §5, §6, §14
public final class StunMessage {

    static final String PROTOCOL = "STUN";
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    /** More attributes than any real STUN/TURN/ICE message carries; bounds work per datagram. */
    public static final int MAX_ATTRIBUTES = 64;
    /** Bound on USERNAME, REALM, NONCE, SOFTWARE and the ERROR-CODE reason (RFC 8489 §14). */
    public static final int MAX_TEXT_BYTES = 763;

    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA_METHOD = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;

    private static final int[] NONE = new int[0];

    private final byte[] buf;
    private final int offset;
    private final int length;
    private final int method;
    private final StunClass messageClass;
    private int count;
    private int[] types = new int[8];
    private int[] valueOffsets = new int[8];
    private int[] valueLengths = new int[8];
    private int[] unknownRequired = NONE;
    private int integrityAt = -1;
    private int integritySha256At = -1;
    private int fingerprintAt = -1;

    private StunMessage(byte[] buf, int offset, int length, int type) {
        this.buf = buf;
        this.offset = offset;
        this.length = length;
        this.method = methodOf(type);
        this.messageClass = StunClass.ofBits(((type >> 7) & 0b10) | ((type >> 4) & 0b01));
    }

    /** Parses the whole datagram {@code buf[offset, offset + length)} as one STUN message. */
    public static StunMessage parse(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length < HEADER_LENGTH) {
            throw new MalformedPacketException(PROTOCOL, 0, "datagram shorter than the 20-byte header");
        }
        if ((buf[offset] & 0xC0) != 0) {
            throw new MalformedPacketException(PROTOCOL, 0, "top two bits of the message type are not zero");
        }
        if (readInt(buf, offset + 4) != MAGIC_COOKIE) {
            throw new MalformedPacketException(PROTOCOL, 4, "magic cookie is not 0x2112A442");
        }
        int bodyLength = readShort(buf, offset + 2);
        if ((bodyLength & 3) != 0) {
            throw new MalformedPacketException(PROTOCOL, 2, "message length is not a multiple of 4");
        }
        if (bodyLength != length - HEADER_LENGTH) {
            throw new MalformedPacketException(PROTOCOL, 2, "message length " + bodyLength
                    + " does not match the " + (length - HEADER_LENGTH) + " bytes after the header");
        }
        StunMessage message = new StunMessage(buf, offset, length, readShort(buf, offset));
        message.indexAttributes();
        return message;
    }

    private void indexAttributes() throws MalformedPacketException {
        int pos = HEADER_LENGTH;
        int seen = 0;
        while (pos < length) {
            if (fingerprintAt >= 0) {
                throw new MalformedPacketException(PROTOCOL, pos, "attribute after FINGERPRINT");
            }
            if (++seen > MAX_ATTRIBUTES) {
                throw new MalformedPacketException(PROTOCOL, pos, "more than " + MAX_ATTRIBUTES + " attributes");
            }
            if (length - pos < 4) {
                throw new MalformedPacketException(PROTOCOL, pos, "attribute header truncated");
            }
            int type = readShort(buf, offset + pos);
            int valueLength = readShort(buf, offset + pos + 2);
            int padded = (valueLength + 3) & ~3;
            if (padded > length - pos - 4) {
                throw new MalformedPacketException(PROTOCOL, pos + 2,
                        "attribute length " + valueLength + " runs past the end of the message");
            }
            boolean afterIntegrity = integrityAt >= 0 || integritySha256At >= 0;
            if (type == StunAttribute.FINGERPRINT) {
                checkLength(pos, valueLength, 4, "FINGERPRINT");
                fingerprintAt = pos;
            } else if (type == StunAttribute.MESSAGE_INTEGRITY_SHA256) {
                if (integritySha256At < 0) {
                    if (valueLength < 16 || valueLength > 32 || (valueLength & 3) != 0) {
                        throw new MalformedPacketException(PROTOCOL, pos + 2,
                                "MESSAGE-INTEGRITY-SHA256 length is not 16-32 in steps of 4");
                    }
                    integritySha256At = pos;
                }
            } else if (afterIntegrity) {
                // RFC 8489 §14.5: ignored after MESSAGE-INTEGRITY, so neither validated nor indexed
                pos += 4 + padded;
                continue;
            } else if (type == StunAttribute.MESSAGE_INTEGRITY) {
                checkLength(pos, valueLength, 20, "MESSAGE-INTEGRITY");
                integrityAt = pos;
            } else if (StunAttribute.isKnown(type)) {
                validate(type, pos, valueLength);
                add(type, offset + pos + 4, valueLength);
            } else if (StunAttribute.isComprehensionRequired(type)) {
                unknownRequired = Arrays.copyOf(unknownRequired, unknownRequired.length + 1);
                unknownRequired[unknownRequired.length - 1] = type;
            }
            pos += 4 + padded;
        }
    }

    private void add(int type, int valueOffset, int valueLength) {
        if (count == types.length) {
            types = Arrays.copyOf(types, count * 2);
            valueOffsets = Arrays.copyOf(valueOffsets, count * 2);
            valueLengths = Arrays.copyOf(valueLengths, count * 2);
        }
        types[count] = type;
        valueOffsets[count] = valueOffset;
        valueLengths[count] = valueLength;
        count++;
    }

    private void validate(int type, int pos, int valueLength) throws MalformedPacketException {
        switch (type) {
            case StunAttribute.MAPPED_ADDRESS:
            case StunAttribute.XOR_MAPPED_ADDRESS:
            case StunAttribute.XOR_PEER_ADDRESS:
            case StunAttribute.XOR_RELAYED_ADDRESS:
                int family = valueLength >= 2 ? buf[offset + pos + 5] : -1;
                if (!(family == 1 && valueLength == 8) && !(family == 2 && valueLength == 20)) {
                    throw new MalformedPacketException(PROTOCOL, pos,
                            "address attribute is neither IPv4 (family 1, 8 bytes) nor IPv6 (family 2, 20 bytes)");
                }
                break;
            case StunAttribute.USERNAME:
            case StunAttribute.REALM:
            case StunAttribute.NONCE:
            case StunAttribute.SOFTWARE:
                if (valueLength > MAX_TEXT_BYTES) {
                    throw new MalformedPacketException(PROTOCOL, pos + 2, "text attribute longer than 763 bytes");
                }
                break;
            case StunAttribute.ERROR_CODE:
                if (valueLength < 4 || valueLength > 4 + MAX_TEXT_BYTES) {
                    throw new MalformedPacketException(PROTOCOL, pos + 2, "ERROR-CODE length is not 4-767");
                }
                int errorClass = buf[offset + pos + 6] & 0x07;
                int number = buf[offset + pos + 7] & 0xFF;
                if (errorClass < 3 || errorClass > 6 || number > 99) {
                    throw new MalformedPacketException(PROTOCOL, pos + 6,
                            "ERROR-CODE class is not 3-6 or number is not 0-99");
                }
                break;
            case StunAttribute.UNKNOWN_ATTRIBUTES:
                if ((valueLength & 1) != 0) {
                    throw new MalformedPacketException(PROTOCOL, pos + 2, "UNKNOWN-ATTRIBUTES length is odd");
                }
                break;
            case StunAttribute.PRIORITY:
            case StunAttribute.CHANNEL_NUMBER:
            case StunAttribute.LIFETIME:
            case StunAttribute.REQUESTED_TRANSPORT:
                checkLength(pos, valueLength, 4, "32-bit attribute");
                break;
            case StunAttribute.ICE_CONTROLLED:
            case StunAttribute.ICE_CONTROLLING:
                checkLength(pos, valueLength, 8, "ICE-CONTROLLED/ICE-CONTROLLING");
                break;
            case StunAttribute.USE_CANDIDATE:
            case StunAttribute.DONT_FRAGMENT:
                checkLength(pos, valueLength, 0, "flag attribute");
                break;
            default:
                break;
        }
    }

    private static void checkLength(int pos, int actual, int expected, String name)
            throws MalformedPacketException {
        if (actual != expected) {
            throw new MalformedPacketException(PROTOCOL, pos + 2, name + " length is not " + expected);
        }
    }

    /** The 12-bit method of a 16-bit message type, whose method bits are spread around the class bits (RFC 8489 §5). */
    static int methodOf(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    static int typeOf(int method, StunClass messageClass) {
        int c = messageClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 1) << 4) | ((c & 2) << 7);
    }

    public int method() {
        return method;
    }

    public StunClass messageClass() {
        return messageClass;
    }

    public byte[] transactionId() {
        return Arrays.copyOfRange(buf, offset + 8, offset + HEADER_LENGTH);
    }

    /** Whether this message carries the given transaction id, without copying it. */
    public boolean hasTransactionId(byte[] id) {
        return id.length == TRANSACTION_ID_LENGTH
                && Arrays.equals(buf, offset + 8, offset + HEADER_LENGTH, id, 0, TRANSACTION_ID_LENGTH);
    }

    /** Unknown comprehension-required attribute types, in order of appearance, for a 420 answer. */
    public int[] unknownRequiredAttributes() {
        return unknownRequired.clone();
    }

    public boolean has(int type) {
        return indexOf(type) >= 0 || (type == StunAttribute.MESSAGE_INTEGRITY && integrityAt >= 0)
                || (type == StunAttribute.MESSAGE_INTEGRITY_SHA256 && integritySha256At >= 0)
                || (type == StunAttribute.FINGERPRINT && fingerprintAt >= 0);
    }

    private int indexOf(int type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    public InetSocketAddress mappedAddress() {
        return address(StunAttribute.MAPPED_ADDRESS, false);
    }

    public InetSocketAddress xorMappedAddress() {
        return address(StunAttribute.XOR_MAPPED_ADDRESS, true);
    }

    public InetSocketAddress xorPeerAddress() {
        return address(StunAttribute.XOR_PEER_ADDRESS, true);
    }

    public InetSocketAddress xorRelayedAddress() {
        return address(StunAttribute.XOR_RELAYED_ADDRESS, true);
    }

    // RFC 8489 §14.1 and §14.2: port XOR the cookie's top half, address XOR cookie || transaction id
    private InetSocketAddress address(int type, boolean xor) {
        int i = indexOf(type);
        if (i < 0) {
            return null;
        }
        int v = valueOffsets[i];
        int port = readShort(buf, v + 2);
        byte[] address = Arrays.copyOfRange(buf, v + 4, v + valueLengths[i]);
        if (xor) {
            port ^= MAGIC_COOKIE >>> 16;
            for (int k = 0; k < address.length; k++) {
                address[k] ^= buf[offset + 4 + k];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException impossible) {
            throw new AssertionError("address length was checked at parse", impossible);
        }
    }

    public String username() {
        return text(StunAttribute.USERNAME);
    }

    public String realm() {
        return text(StunAttribute.REALM);
    }

    public String nonce() {
        return text(StunAttribute.NONCE);
    }

    public String software() {
        return text(StunAttribute.SOFTWARE);
    }

    private String text(int type) {
        int i = indexOf(type);
        return i < 0 ? null : new String(buf, valueOffsets[i], valueLengths[i], StandardCharsets.UTF_8);
    }

    public ErrorCode errorCode() {
        int i = indexOf(StunAttribute.ERROR_CODE);
        if (i < 0) {
            return null;
        }
        int v = valueOffsets[i];
        int code = (buf[v + 2] & 0x07) * 100 + (buf[v + 3] & 0xFF);
        return new ErrorCode(code, new String(buf, v + 4, valueLengths[i] - 4, StandardCharsets.UTF_8));
    }

    /** The attribute types listed in UNKNOWN-ATTRIBUTES, or null when absent. */
    public int[] unknownAttributes() {
        int i = indexOf(StunAttribute.UNKNOWN_ATTRIBUTES);
        if (i < 0) {
            return null;
        }
        int[] listed = new int[valueLengths[i] / 2];
        for (int k = 0; k < listed.length; k++) {
            listed[k] = readShort(buf, valueOffsets[i] + 2 * k);
        }
        return listed;
    }

    /** PRIORITY as an unsigned 32-bit value, or -1 when absent. */
    public long priority() {
        return unsigned32(StunAttribute.PRIORITY);
    }

    /** LIFETIME in seconds, or -1 when absent. */
    public long lifetime() {
        return unsigned32(StunAttribute.LIFETIME);
    }

    /** CHANNEL-NUMBER, or -1 when absent. */
    public int channelNumber() {
        int i = indexOf(StunAttribute.CHANNEL_NUMBER);
        return i < 0 ? -1 : readShort(buf, valueOffsets[i]);
    }

    /** The protocol number of REQUESTED-TRANSPORT (17 for UDP), or -1 when absent. */
    public int requestedTransport() {
        int i = indexOf(StunAttribute.REQUESTED_TRANSPORT);
        return i < 0 ? -1 : buf[valueOffsets[i]] & 0xFF;
    }

    private long unsigned32(int type) {
        int i = indexOf(type);
        return i < 0 ? -1 : readInt(buf, valueOffsets[i]) & 0xFFFFFFFFL;
    }

    public boolean hasIceControlled() {
        return indexOf(StunAttribute.ICE_CONTROLLED) >= 0;
    }

    public boolean hasIceControlling() {
        return indexOf(StunAttribute.ICE_CONTROLLING) >= 0;
    }

    /** The ICE-CONTROLLED or ICE-CONTROLLING tie breaker, whichever is present; 0 when neither is. */
    public long tieBreaker() {
        int i = indexOf(StunAttribute.ICE_CONTROLLING);
        if (i < 0) {
            i = indexOf(StunAttribute.ICE_CONTROLLED);
        }
        return i < 0 ? 0 : ((long) readInt(buf, valueOffsets[i]) << 32)
                | (readInt(buf, valueOffsets[i] + 4) & 0xFFFFFFFFL);
    }

    public boolean hasUseCandidate() {
        return indexOf(StunAttribute.USE_CANDIDATE) >= 0;
    }

    public boolean hasDontFragment() {
        return indexOf(StunAttribute.DONT_FRAGMENT) >= 0;
    }

    /** A copy of the DATA value, or null when absent. */
    public byte[] data() {
        int i = indexOf(StunAttribute.DATA);
        return i < 0 ? null : Arrays.copyOfRange(buf, valueOffsets[i], valueOffsets[i] + valueLengths[i]);
    }

    /** True when FINGERPRINT is present and matches; false when absent or wrong. */
    // RFC 8489 §14.7
    public boolean hasValidFingerprint() {
        return fingerprintAt >= 0
                && readInt(buf, offset + fingerprintAt + 4) == fingerprint(buf, offset, fingerprintAt);
    }

    static int fingerprint(byte[] buf, int offset, int upTo) {
        CRC32 crc = new CRC32();
        crc.update(buf, offset, upTo);
        return (int) crc.getValue() ^ 0x5354554E;
    }

    byte[] buffer() {
        return buf;
    }

    int offset() {
        return offset;
    }

    int integrityAt() {
        return integrityAt;
    }

    int integritySha256At() {
        return integritySha256At;
    }

    int integritySha256Length() {
        return readShort(buf, offset + integritySha256At + 2);
    }

    static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
