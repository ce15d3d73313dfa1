package io.purertc.dtls;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One direction of an in-memory datagram path: what one side sends is recorded and, unless {@link #pass}
 * drops it, delivered on the other side's event loop as coming from {@link #from}.
 */
final class MemoryLink implements DtlsLink {

    /** The receiving side: an endpoint's {@code receive}, or a raw bctls peer's queue. */
    @FunctionalInterface
    interface Receiver {
        void receive(byte[] buf, int offset, int length, InetSocketAddress from);
    }

    static final int MTU = 1200;

    final EventLoop loop;
    final InetSocketAddress from;
    final List<byte[]> sent = new CopyOnWriteArrayList<>();
    volatile Receiver receiver;
    volatile Predicate<byte[]> pass = datagram -> true;
    /** What {@link #mtu()} tells the sender; small values make bctls fragment its handshake messages. */
    volatile int mtu = MTU;

    MemoryLink(EventLoop loop, InetSocketAddress from) {
        this.loop = loop;
        this.from = from;
    }

    @Override
    public void send(byte[] buf, int offset, int length) {
        byte[] copy = Arrays.copyOfRange(buf, offset, offset + length);
        sent.add(copy);
        if (pass.test(copy)) {
            loop.execute(() -> receiver.receive(copy, 0, copy.length, from));
        }
    }

    @Override
    public int mtu() {
        return mtu;
    }
}
