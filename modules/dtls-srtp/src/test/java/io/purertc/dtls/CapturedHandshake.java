package io.purertc.dtls;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The datagrams of one real handshake between two endpoints, both directions, in the order each side sent. */
final class CapturedHandshake {

    static final CapturedHandshake ONE = capture();

    final List<byte[]> fromClient;
    final List<byte[]> fromServer;

    private CapturedHandshake(List<byte[]> fromClient, List<byte[]> fromServer) {
        this.fromClient = List.copyOf(fromClient);
        this.fromServer = List.copyOf(fromServer);
    }

    List<byte[]> all() {
        List<byte[]> all = new ArrayList<>(fromClient);
        all.addAll(fromServer);
        return all;
    }

    private static CapturedHandshake capture() {
        try (DtlsPair pair = new DtlsPair()) {
            pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.SERVER));
            pair.client.handshake().get(10, TimeUnit.SECONDS);
            pair.server.handshake().get(10, TimeUnit.SECONDS);
            byte[] data = {1, 2, 3};
            pair.client.send(data, 0, data.length);
            pair.atServer.poll(10, TimeUnit.SECONDS);
            return new CapturedHandshake(pair.toServer.sent, pair.toClient.sent);
        } catch (Exception e) {
            throw new IllegalStateException("no handshake to capture", e);
        }
    }
}
