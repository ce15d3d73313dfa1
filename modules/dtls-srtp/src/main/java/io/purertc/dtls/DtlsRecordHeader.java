package io.purertc.dtls;

import io.purertc.rtp.MalformedPacketException;

/**
 * The header of one DTLS record, and the framing rules every received datagram must pass before bctls sees
 * it: whole records of a DTLS 1.0/1.2 content type and version, no longer than a record may be; in epoch 0,
 * where nothing is encrypted yet, well-formed change_cipher_spec, alert and handshake-fragment bodies and
 * no application data. What fails is dropped and counted at the transport instead of vanishing inside
 * bctls.
 */
// RFC 6347 §4.1 (record layer), §4.2.2 (handshake message header), §4.2.3 (several messages per record);
// RFC 5246 §6.2.1, §6.2.3, §7.1, §7.2
record DtlsRecordHeader(int contentType, int version, int epoch, long sequenceNumber, int length) {

    static final String PROTOCOL = "DTLS";
    static final int LENGTH = 13;
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    static final int HEARTBEAT = 24;
    static final int DTLS_1_0 = 0xFEFF;
    static final int DTLS_1_2 = 0xFEFD;
    /** A TLSCiphertext fragment is at most 2^14 + 2048 bytes (RFC 5246 §6.2.3). */
    static final int MAX_FRAGMENT = (1 << 14) + 2048;
    /** The largest datagram taken: one record of the largest size. */
    static final int MAX_DATAGRAM = LENGTH + MAX_FRAGMENT;
    static final int HANDSHAKE_HEADER_LENGTH = 12;
    static final int CLIENT_HELLO = 1;

    /** Reads the header at {@code buf[offset]}; the fragment it announces must lie within {@code length}. */
    static DtlsRecordHeader parse(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length < LENGTH) {
            throw new MalformedPacketException(PROTOCOL, length, "a record header takes " + LENGTH + " bytes, "
                    + length + " left");
        }
        int contentType = buf[offset] & 0xFF;
        if (contentType < CHANGE_CIPHER_SPEC || contentType > HEARTBEAT) {
            throw new MalformedPacketException(PROTOCOL, 0, "content type " + contentType
                    + " is not a DTLS 1.2 record type (20-24)");
        }
        int version = u16(buf, offset + 1);
        if (version != DTLS_1_0 && version != DTLS_1_2) {
            throw new MalformedPacketException(PROTOCOL, 1, String.format("record version 0x%04x is neither "
                    + "DTLS 1.0 (0xfeff) nor DTLS 1.2 (0xfefd)", version));
        }
        int epoch = u16(buf, offset + 3);
        long sequenceNumber = ((long) u16(buf, offset + 5) << 32) | (u16(buf, offset + 7) & 0xFFFFL) << 16
                | u16(buf, offset + 9);
        int fragment = u16(buf, offset + 11);
        if (fragment > MAX_FRAGMENT) {
            throw new MalformedPacketException(PROTOCOL, 11, "record length " + fragment + " exceeds "
                    + MAX_FRAGMENT);
        }
        if (fragment > length - LENGTH) {
            throw new MalformedPacketException(PROTOCOL, 11, "record length " + fragment + " runs past the "
                    + (length - LENGTH) + " bytes left in the datagram");
        }
        return new DtlsRecordHeader(contentType, version, epoch, sequenceNumber, fragment);
    }

    /** Checks every record of a datagram and returns how many there are. */
    static int checkDatagram(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length > MAX_DATAGRAM) {
            throw new MalformedPacketException(PROTOCOL, MAX_DATAGRAM, "a datagram of " + length
                    + " bytes exceeds the " + MAX_DATAGRAM + " one record may take");
        }
        int position = 0;
        int records = 0;
        do {
            DtlsRecordHeader header;
            try {
                header = parse(buf, offset + position, length - position);
            } catch (MalformedPacketException e) {
                throw new MalformedPacketException(PROTOCOL, position + e.offset(), e.rule());
            }
            if (header.epoch == 0) {
                header.checkPlaintext(buf, offset + position + LENGTH, position + LENGTH);
            }
            position += LENGTH + header.length;
            records++;
        } while (position < length);
        return records;
    }

    /** Whether a datagram that passed {@link #checkDatagram} opens with a plaintext ClientHello fragment. */
    static boolean opensWithClientHello(byte[] buf, int offset, int length) {
        return length > LENGTH && (buf[offset] & 0xFF) == HANDSHAKE && u16(buf, offset + 3) == 0
                && (buf[offset + LENGTH] & 0xFF) == CLIENT_HELLO;
    }

    /**
     * Whether the datagram's first record carries only part of a ClientHello (RFC 6347 §4.2.3): a
     * fragment_offset past 0 or a fragment_length short of the message's length. Call after
     * {@link #opensWithClientHello} and {@link #checkDatagram}, which bound the handshake header.
     */
    static boolean clientHelloIsFragmented(byte[] buf, int offset, int length) {
        int handshake = offset + LENGTH;
        return length >= LENGTH + 12
                && (u24(buf, handshake + 6) != 0 || u24(buf, handshake + 9) != u24(buf, handshake + 1));
    }

    /** Epoch-0 bodies are plaintext, so their structure can be held to the rules; {@code at} is for errors. */
    private void checkPlaintext(byte[] buf, int body, int at) throws MalformedPacketException {
        switch (contentType) {
            case CHANGE_CIPHER_SPEC -> {
                if (length != 1 || buf[body] != 1) {
                    throw new MalformedPacketException(PROTOCOL, at, "change_cipher_spec must be the one byte 1");
                }
            }
            case ALERT -> {
                if (length != 2 || (buf[body] != 1 && buf[body] != 2)) {
                    throw new MalformedPacketException(PROTOCOL, at,
                            "an alert is two bytes, level 1 (warning) or 2 (fatal) then description");
                }
            }
            case HANDSHAKE -> checkHandshakeFragments(buf, body, at);
            case APPLICATION_DATA -> throw new MalformedPacketException(PROTOCOL, at - LENGTH,
                    "application data in epoch 0, before any keys exist");
            default -> {
                // Heartbeats are never negotiated here; bctls drops them whatever they hold.
            }
        }
    }

    private void checkHandshakeFragments(byte[] buf, int body, int at) throws MalformedPacketException {
        int position = 0;
        while (position < length) {
            if (length - position < HANDSHAKE_HEADER_LENGTH) {
                throw new MalformedPacketException(PROTOCOL, at + position, "a handshake fragment header takes "
                        + HANDSHAKE_HEADER_LENGTH + " bytes, " + (length - position) + " left in the record");
            }
            int start = body + position;
            int messageLength = u24(buf, start + 1);
            int fragmentOffset = u24(buf, start + 6);
            int fragmentLength = u24(buf, start + 9);
            if (fragmentLength > length - position - HANDSHAKE_HEADER_LENGTH) {
                throw new MalformedPacketException(PROTOCOL, at + position + 9, "fragment_length " + fragmentLength
                        + " runs past the record");
            }
            if (fragmentOffset + fragmentLength > messageLength) {
                throw new MalformedPacketException(PROTOCOL, at + position + 6, "fragment " + fragmentOffset + "+"
                        + fragmentLength + " runs past the message length " + messageLength);
            }
            position += HANDSHAKE_HEADER_LENGTH + fragmentLength;
        }
    }

    private static int u16(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }

    private static int u24(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 16 | (buf[at + 1] & 0xFF) << 8 | buf[at + 2] & 0xFF;
    }
}
