package io.purertc.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.purertc.rtcp.GenericNack;
import io.purertc.rtcp.PictureLossIndication;
import io.purertc.rtcp.ReceiverEstimatedMaxBitrate;
import io.purertc.rtcp.ReceiverReport;
import io.purertc.rtcp.ReceiverStatistics;
import io.purertc.rtcp.RtcpCompound;
import io.purertc.rtcp.RtcpPacket;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtcp.SourceDescription;
import io.purertc.rtp.AbsSendTime;
import io.purertc.rtp.AudioLevel;
import io.purertc.rtp.HeaderExtension;
import io.purertc.rtp.NtpTime;
import io.purertc.rtp.PcapFormat;
import io.purertc.rtp.PcapWriter;
import io.purertc.rtp.RtpHeader;
import io.purertc.rtp.RtpMid;
import io.purertc.rtp.TransportSequenceNumber;

/**
 * Writes three seconds of a BUNDLEd audio+video session as Chromium would see it from a sender
 * on one rtcp-muxed port: 20 ms audio packets (PT 111) and 30 fps video frames of three packets
 * (PT 96) with mid, abs-send-time, transport-cc and audio-level extensions; sender reports each
 * second whose NTP and RTP times come from one wall clock; the receiver's reports, a NACK for a
 * dropped video packet, a PLI and a REMB. Payloads are filler: the wire layer is what is shown.
 */
final class SyntheticSession {

    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 50_000);
    private static final InetSocketAddress RECEIVER = new InetSocketAddress("127.0.0.1", 50_002);
    private static final long AUDIO_SSRC = 0x1A2B3C4DL;
    private static final long VIDEO_SSRC = 0x5E6F7081L;
    private static final long RECEIVER_SSRC = 0x0BADCAFEL;
    private static final long START_MICROS = 1_764_000_000_000_000L;
    private static final int DROPPED_VIDEO_SEQUENCE = 1040;

    private SyntheticSession() {
    }

    static void write(Path file) throws IOException {
        List<long[]> order = new ArrayList<>();
        for (long t = 0; t < 3_000_000; t += 20_000) {
            order.add(new long[] {t, 0});
        }
        for (long t = 0; t < 3_000_000; t += 33_333) {
            order.add(new long[] {t + 5_000, 1});
        }
        for (long t = 1_000_000; t < 3_000_000; t += 1_000_000) {
            order.add(new long[] {t + 1_000, 2});
        }
        order.sort((a, b) -> Long.compare(a[0], b[0]));

        ReceiverStatistics audioStats = new ReceiverStatistics(AUDIO_SSRC, 48_000);
        ReceiverStatistics videoStats = new ReceiverStatistics(VIDEO_SSRC, 90_000);
        int transportSequence = 0;
        int audioSequence = 20_000;
        int videoSequence = 1000;
        long audioPackets = 0;
        long audioOctets = 0;
        long videoPackets = 0;
        long videoOctets = 0;
        boolean nacked = false;
        try (PcapWriter pcap = PcapWriter.create(file, PcapFormat.PCAP)) {
            for (long[] event : order) {
                long micros = START_MICROS + event[0];
                if (event[1] == 0) {
                    long rtpTime = event[0] * 48 / 1000;
                    byte[] payload = new byte[80];
                    RtpHeader header = new RtpHeader(false, 111, audioSequence++ & 0xFFFF, rtpTime, AUDIO_SSRC,
                            List.of(), List.of(
                                    new HeaderExtension(1, new AudioLevel(true, 30).toBytes()),
                                    new HeaderExtension(2, AbsSendTime.toBytes(AbsSendTime.fromMicros(micros))),
                                    new HeaderExtension(3, TransportSequenceNumber.toBytes(transportSequence++ & 0xFFFF)),
                                    new HeaderExtension(4, RtpMid.toBytes("0"))));
                    pcap.write(micros, SENDER, RECEIVER, header.toPacket(payload, 0, payload.length, 0));
                    audioStats.onRtpPacket(header.sequenceNumber(), rtpTime, micros);
                    audioPackets++;
                    audioOctets += payload.length;
                } else if (event[1] == 1) {
                    long rtpTime = event[0] * 90 / 1000;
                    for (int i = 0; i < 3; i++) {
                        byte[] payload = new byte[1000];
                        int sequence = videoSequence++ & 0xFFFF;
                        RtpHeader header = new RtpHeader(i == 2, 96, sequence, rtpTime, VIDEO_SSRC, List.of(), List.of(
                                new HeaderExtension(2, AbsSendTime.toBytes(AbsSendTime.fromMicros(micros + i * 100))),
                                new HeaderExtension(3, TransportSequenceNumber.toBytes(transportSequence++ & 0xFFFF)),
                                new HeaderExtension(4, RtpMid.toBytes("1"))));
                        videoPackets++;
                        videoOctets += payload.length;
                        if (sequence == DROPPED_VIDEO_SEQUENCE) {
                            continue; // lost on the way: the receiver NACKs it below
                        }
                        pcap.write(micros + i * 100, SENDER, RECEIVER, header.toPacket(payload, 0, payload.length, 0));
                        videoStats.onRtpPacket(sequence, rtpTime, micros + i * 100);
                    }
                    if (!nacked && videoSequence > DROPPED_VIDEO_SEQUENCE + 3) {
                        nacked = true;
                        List<RtcpPacket> feedback = List.of(
                                GenericNack.of(RECEIVER_SSRC, VIDEO_SSRC, List.of(DROPPED_VIDEO_SEQUENCE)),
                                new PictureLossIndication(RECEIVER_SSRC, VIDEO_SSRC));
                        pcap.write(micros + 2_000, RECEIVER, SENDER, RtcpCompound.write(feedback));
                    }
                } else {
                    // One wall clock for both streams: the mapping a receiver needs for lip sync.
                    long ntp = NtpTime.fromUnixMicros(micros);
                    List<RtcpPacket> reports = List.of(
                            new SenderReport(AUDIO_SSRC, ntp, event[0] * 48 / 1000, audioPackets, audioOctets, List.of()),
                            SourceDescription.ofCname(AUDIO_SSRC, "purertc-synth"),
                            new SenderReport(VIDEO_SSRC, ntp, event[0] * 90 / 1000, videoPackets, videoOctets, List.of()),
                            SourceDescription.ofCname(VIDEO_SSRC, "purertc-synth"));
                    pcap.write(micros, SENDER, RECEIVER, RtcpCompound.write(reports));
                    audioStats.onSenderReport(ntp, micros + 500);
                    videoStats.onSenderReport(ntp, micros + 500);
                    long reportTime = micros + 40_000;
                    List<RtcpPacket> receiverReports = new ArrayList<>();
                    receiverReports.add(new ReceiverReport(RECEIVER_SSRC, List.of(
                            audioStats.reportBlock(reportTime).orElseThrow(),
                            videoStats.reportBlock(reportTime).orElseThrow())));
                    receiverReports.add(new ReceiverEstimatedMaxBitrate(RECEIVER_SSRC, 1_500_000,
                            List.of(AUDIO_SSRC, VIDEO_SSRC)));
                    pcap.write(reportTime, RECEIVER, SENDER, RtcpCompound.write(receiverReports));
                }
            }
        }
    }
}
