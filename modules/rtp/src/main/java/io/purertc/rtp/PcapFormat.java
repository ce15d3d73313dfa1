package io.purertc.rtp;

/** The two capture file formats Wireshark and tshark read. */
public enum PcapFormat {
    /** The classic libpcap format: one global header, then records. */
    PCAP,
    /** pcapng (IETF draft-ietf-opsawg-pcapng): blocks, one section, one interface. */
    PCAPNG
}
