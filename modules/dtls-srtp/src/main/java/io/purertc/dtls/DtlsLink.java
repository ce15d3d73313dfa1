package io.purertc.dtls;

/**
 * Where a {@link DtlsEndpoint} sends its datagrams: the selected ICE pair ({@code IceAgent::send}), a UDP
 * socket towards one peer, or an in-memory pipe in tests. Called from the endpoint's executor and, for
 * HelloVerifyRequests, from the thread that passes datagrams to {@link DtlsEndpoint#receive}.
 */
public interface DtlsLink {

    /** Sends one datagram; must copy {@code buf[offset, offset + length)} if it keeps the bytes after returning. */
    void send(byte[] buf, int offset, int length);

    /** The largest datagram to send, in bytes; WebRTC stacks keep to about 1200 to pass any path. */
    int mtu();
}
