package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test endpoint on the loopback whose own thread stamps each datagram with its arrival time. */
final class UdpPeer implements AutoCloseable {

    record Datagram(byte[] data, InetSocketAddress from, long nanos) {
    }

    private final DatagramSocket socket;
    private final LinkedBlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
    private final Thread reader;

    UdpPeer() {
        this("127.0.0.1");
    }

    UdpPeer(String loopback) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(loopback), 0));
            socket.setReceiveBufferSize(4 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(this::read, "udp-peer-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setData(buffer);
                socket.receive(packet);
                long now = System.nanoTime();
                received.add(new Datagram(Arrays.copyOf(buffer, packet.getLength()),
                        (InetSocketAddress) packet.getSocketAddress(), now));
            } catch (IOException e) {
                return;
            }
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends {@code data} to {@code to} and returns the time just before sending. */
    long send(byte[] data, InetSocketAddress to) {
        long now = System.nanoTime();
        try {
            socket.send(new DatagramPacket(data, data.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return now;
    }

    Datagram take() throws InterruptedException {
        Datagram d = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(d, "nothing received within 5 s");
        return d;
    }

    List<Datagram> take(int count) throws InterruptedException {
        List<Datagram> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(take());
        }
        return all;
    }

    /** Everything received until nothing more comes for {@code quiet}. */
    List<Datagram> drain(Duration quiet) throws InterruptedException {
        List<Datagram> all = new ArrayList<>();
        for (Datagram d = received.poll(quiet.toNanos(), TimeUnit.NANOSECONDS); d != null;
                d = received.poll(quiet.toNanos(), TimeUnit.NANOSECONDS)) {
            all.add(d);
        }
        return all;
    }

    int pending() {
        return received.size();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        reader.join();
    }
}
