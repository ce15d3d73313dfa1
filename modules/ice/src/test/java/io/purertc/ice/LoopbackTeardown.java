package io.purertc.ice;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/** Closes what a loopback test opened, whichever part of its setup got done. */
final class LoopbackTeardown {

    private LoopbackTeardown() {
    }

    static void close(EventLoopGroup group, UdpEndpoint... endpoints) throws InterruptedException {
        for (UdpEndpoint endpoint : endpoints) {
            if (endpoint != null) {
                endpoint.close();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
