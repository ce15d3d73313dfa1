package io.purertc.codec.opus;

import io.purertc.media.CodecDescriptor;

/** What every encoder and decoder of this module reports about its negotiated format. */
abstract class NegotiatedAudio {

    private final CodecDescriptor descriptor;
    private final int sampleRate;
    private final int channels;

    NegotiatedAudio(CodecDescriptor descriptor, int sampleRate, int channels) {
        this.descriptor = descriptor;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    public final CodecDescriptor descriptor() {
        return descriptor;
    }

    public final int sampleRate() {
        return sampleRate;
    }

    public final int channels() {
        return channels;
    }

    /** Concentus and G.711 hold nothing but heap state: there is nothing to release. */
    public final void close() {
        // nothing to release
    }
}
