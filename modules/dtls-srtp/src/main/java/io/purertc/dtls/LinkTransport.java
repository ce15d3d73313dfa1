package io.purertc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The bctls side of a {@link DtlsLink}: the event loop {@link #offer}s received datagrams into a bounded
 * queue, and bctls, on the endpoint's executor, takes them with a time-out it chooses (its retransmission
 * timer) and sends through the link. Closing wakes a waiting receive, which then fails, so a closed
 * endpoint's handshake thread never lingers.
 */
// RFC 6347 §4.2.4 (timers run on the receive time-out); DESIGN.md "Threading model"
final class LinkTransport implements DatagramTransport {

    /** Room for several full handshake flights; beyond it datagrams are dropped and counted. */
    static final int QUEUE_CAPACITY = 64;

    /** Put after close to wake a receiver; never handed to bctls. */
    private static final byte[] WAKE_UP = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DtlsLink link;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    LinkTransport(DtlsLink link, Runnable onClose) {
        this.link = link;
        this.onClose = onClose;
    }

    /** Queues a datagram the endpoint now owns; false when the queue is full or the transport closed. */
    boolean offer(byte[] datagram) {
        return !closed.get() && queue.offer(datagram);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public int getReceiveLimit() {
        return DtlsRecordHeader.MAX_DATAGRAM;
    }

    @Override
    public int getSendLimit() {
        return link.mtu();
    }

    /** Waits at most {@code waitMillis} for a datagram: -1 when none came, as bctls expects of a time-out. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] datagram;
        try {
            datagram = closed.get() ? WAKE_UP : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
        }
        if (datagram == WAKE_UP || closed.get()) {
            throw new IOException("the DTLS endpoint is closed");
        }
        if (datagram == null || datagram.length > len) {
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (!closed.get()) {
            link.send(buf, off, len);
        }
    }

    /** Called by bctls after its close_notify or fatal alert went out, and by the endpoint; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(WAKE_UP);
            onClose.run();
        }
    }
}
