package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The record framing every received datagram must pass (RFC 6347 §4.1, §4.2.2). */
class DtlsRecordHeaderTest {

    /** A record with this header and a body of {@code header.length()} bytes, each {@code fill}. */
    static byte[] record(DtlsRecordHeader header, int fill) {
        byte[] record = new byte[DtlsRecordHeader.LENGTH + header.length()];
        record[0] = (byte) header.contentType();
        record[1] = (byte) (header.version() >> 8);
        record[2] = (byte) header.version();
        record[3] = (byte) (header.epoch() >> 8);
        record[4] = (byte) header.epoch();
        for (int i = 0; i < 6; i++) {
            record[5 + i] = (byte) (header.sequenceNumber() >>> (40 - 8 * i));
        }
        record[11] = (byte) (header.length() >> 8);
        record[12] = (byte) header.length();
        Arrays.fill(record, DtlsRecordHeader.LENGTH, record.length, (byte) fill);
        return record;
    }

    @Provide
    Arbitrary<DtlsRecordHeader> headers() {
        return Combinators.combine(Arbitraries.integers().between(20, 24),
                        Arbitraries.of(DtlsRecordHeader.DTLS_1_0, DtlsRecordHeader.DTLS_1_2),
                        Arbitraries.integers().between(0, 0xFFFF), Arbitraries.longs().between(0, (1L << 48) - 1),
                        Arbitraries.integers().between(0, DtlsRecordHeader.MAX_FRAGMENT))
                .as(DtlsRecordHeader::new);
    }

    @Property
    void parseReadsWhatWasWritten(@ForAll("headers") DtlsRecordHeader header) throws Exception {
        byte[] record = record(header, 0);
        assertEquals(header, DtlsRecordHeader.parse(record, 0, record.length));
    }

    @Property
    void randomBytesNeverThrowAnythingElse(@ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(max = 3) int offset) {
        byte[] shifted = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        try {
            int records = DtlsRecordHeader.checkDatagram(shifted, offset, bytes.length);
            assertTrue(records >= 1);
        } catch (MalformedPacketException e) {
            assertEquals(DtlsRecordHeader.PROTOCOL, e.protocol());
            assertTrue(e.offset() >= 0 && e.offset() <= Math.max(bytes.length, DtlsRecordHeader.MAX_DATAGRAM), e::getMessage);
        }
    }

    @Test
    void everyDatagramOfARealHandshakePasses() throws Exception {
        List<byte[]> datagrams = CapturedHandshake.ONE.all();
        for (byte[] datagram : datagrams) {
            assertTrue(DtlsRecordHeader.checkDatagram(datagram, 0, datagram.length) >= 1);
        }
        byte[] clientHello = CapturedHandshake.ONE.fromClient.get(0);
        assertTrue(DtlsRecordHeader.opensWithClientHello(clientHello, 0, clientHello.length));
        for (byte[] datagram : CapturedHandshake.ONE.fromServer) {
            assertFalse(DtlsRecordHeader.opensWithClientHello(datagram, 0, datagram.length));
        }
    }

    @Property
    void truncatedRecordsAreRejected(@ForAll @IntRange(max = 1_000) int which, @ForAll @IntRange(max = 100_000) int cut) {
        List<byte[]> datagrams = CapturedHandshake.ONE.all();
        byte[] datagram = datagrams.get(which % datagrams.size());
        int length = cut % datagram.length;
        if (endsARecord(datagram, length)) {
            assertDoesNotThrowOtherThanMalformed(datagram, length);
        } else {
            assertThrows(MalformedPacketException.class, () -> DtlsRecordHeader.checkDatagram(datagram, 0, length));
        }
    }

    @Property
    void flippedBytesNeverThrowAnythingElse(@ForAll @IntRange(max = 1_000) int which, @ForAll int position,
                                           @ForAll byte value) {
        List<byte[]> datagrams = CapturedHandshake.ONE.all();
        byte[] datagram = datagrams.get(which % datagrams.size()).clone();
        datagram[Math.floorMod(position, datagram.length)] = value;
        assertDoesNotThrowOtherThanMalformed(datagram, datagram.length);
    }

    @Test
    void severalRecordsInOneDatagram() throws Exception {
        byte[] first = record(new DtlsRecordHeader(DtlsRecordHeader.APPLICATION_DATA, DtlsRecordHeader.DTLS_1_2, 1, 7, 30), 9);
        byte[] second = record(new DtlsRecordHeader(DtlsRecordHeader.ALERT, DtlsRecordHeader.DTLS_1_2, 1, 8, 26), 9);
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertEquals(2, DtlsRecordHeader.checkDatagram(both, 0, both.length));
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> DtlsRecordHeader.checkDatagram(both, 0, both.length - 1));
        assertEquals(first.length + 11, e.offset());
    }

    @Test
    void rulesNameTheOffendingByte() {
        DtlsRecordHeader appData = new DtlsRecordHeader(DtlsRecordHeader.APPLICATION_DATA, DtlsRecordHeader.DTLS_1_2, 1, 1, 4);
        byte[] contentType = record(appData, 0);
        contentType[0] = 45;
        assertRule(contentType, 0, "content type 45");
        byte[] version = record(appData, 0);
        version[2] = (byte) 0xFC;
        assertRule(version, 1, "record version 0xfefc");
        assertRule(Arrays.copyOf(record(appData, 0), 12), 12, "a record header takes 13 bytes");
        byte[] tooLong = record(new DtlsRecordHeader(23, DtlsRecordHeader.DTLS_1_2, 1, 1, 0), 0);
        tooLong[11] = (byte) 0xFF;
        tooLong[12] = (byte) 0xFF;
        assertRule(tooLong, 11, "exceeds " + DtlsRecordHeader.MAX_FRAGMENT);
        assertRule(new byte[DtlsRecordHeader.MAX_DATAGRAM + 1], DtlsRecordHeader.MAX_DATAGRAM, "exceeds the");
    }

    @Test
    void epochZeroBodiesAreHeldToTheirStructure() {
        assertRule(record(new DtlsRecordHeader(DtlsRecordHeader.APPLICATION_DATA, DtlsRecordHeader.DTLS_1_2, 0, 1, 8), 0),
                0, "application data in epoch 0");
        assertRule(record(new DtlsRecordHeader(DtlsRecordHeader.CHANGE_CIPHER_SPEC, DtlsRecordHeader.DTLS_1_2, 0, 1, 1), 2),
                13, "change_cipher_spec");
        assertRule(record(new DtlsRecordHeader(DtlsRecordHeader.ALERT, DtlsRecordHeader.DTLS_1_2, 0, 1, 2), 3),
                13, "an alert is two bytes");
        assertRule(record(new DtlsRecordHeader(DtlsRecordHeader.HANDSHAKE, DtlsRecordHeader.DTLS_1_2, 0, 1, 11), 0),
                13, "a handshake fragment header takes 12 bytes");
        // fragment_length 5 in a record holding a 12-byte header and nothing else.
        byte[] shortFragment = record(new DtlsRecordHeader(DtlsRecordHeader.HANDSHAKE, DtlsRecordHeader.DTLS_1_2, 0, 1, 12), 0);
        shortFragment[13 + 3] = 5;
        shortFragment[13 + 11] = 5;
        assertRule(shortFragment, 13 + 9, "fragment_length 5 runs past the record");
        // A 4-byte fragment at offset 2 of a 5-byte message.
        byte[] pastMessage = record(new DtlsRecordHeader(DtlsRecordHeader.HANDSHAKE, DtlsRecordHeader.DTLS_1_2, 0, 1, 16), 0);
        pastMessage[13 + 3] = 5;
        pastMessage[13 + 8] = 2;
        pastMessage[13 + 11] = 4;
        assertRule(pastMessage, 13 + 6, "runs past the message length 5");
    }

    private static void assertRule(byte[] datagram, int offset, String rule) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> DtlsRecordHeader.checkDatagram(datagram, 0, datagram.length));
        assertEquals(offset, e.offset(), e::getMessage);
        assertTrue(e.rule().contains(rule), e::getMessage);
    }

    private static void assertDoesNotThrowOtherThanMalformed(byte[] datagram, int length) {
        try {
            DtlsRecordHeader.checkDatagram(datagram, 0, length);
        } catch (MalformedPacketException expected) {
            assertEquals(DtlsRecordHeader.PROTOCOL, expected.protocol());
        }
    }

    /** Whether {@code length} falls exactly after a record of the (valid) datagram. */
    private static boolean endsARecord(byte[] datagram, int length) {
        int position = 0;
        while (position < length) {
            position += DtlsRecordHeader.LENGTH + ((datagram[position + 11] & 0xFF) << 8 | datagram[position + 12] & 0xFF);
        }
        return position == length && length > 0;
    }
}
