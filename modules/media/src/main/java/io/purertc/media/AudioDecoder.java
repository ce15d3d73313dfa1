package io.purertc.media;

/**
 * Turns codec payloads back into PCM, and fills in for payloads that never arrived.
 *
 * <p>Payloads come from the network: whatever their bytes, a decoder returns a frame or throws
 * {@link CodecException}, never another exception. After a {@code CodecException} the decoder
 * stays usable.
 *
 * <p>Threads: a decoder keeps state between calls; one thread at a time may call it. Different
 * instances are independent.
 */
public interface AudioDecoder extends AutoCloseable {

    /** The negotiated codec this decoder accepts. */
    CodecDescriptor descriptor();

    /** The sample rate of every frame this decoder returns. */
    int sampleRate();

    /** The channel count of every frame this decoder returns. */
    int channels();

    /**
     * Decodes one payload as received in an RTP packet.
     *
     * @return the decoded audio, as long as the payload says (its capture time is unknown)
     * @throws CodecException if the payload is malformed; the decoder stays usable
     */
    AudioFrame decode(byte[] payload, int offset, int length) throws CodecException;

    /**
     * Packet loss concealment: audio to play where a payload is missing, continuing the signal
     * decoded so far and fading out over repeated losses. Never fails.
     *
     * @param durationSamples samples per channel to produce, e.g. the lost packet's duration
     *     from the RTP timestamp gap
     */
    AudioFrame conceal(int durationSamples);

    /**
     * Rebuilds a lost frame from the forward error correction data carried in the payload that
     * followed it (RFC 6716 §2.1.7 in-band FEC). Call it with the next payload before decoding
     * that payload itself. When the payload carries no FEC data this is {@link #conceal}.
     *
     * @param durationSamples samples per channel the lost frame covered
     * @throws CodecException if the payload is malformed; the decoder stays usable
     */
    AudioFrame decodeFec(byte[] nextPayload, int offset, int length, int durationSamples) throws CodecException;

    /**
     * How far behind its RTP time the decoded audio of a packet lies, in samples per channel at {@link
     * #sampleRate()}: the sender's encoder lookahead, which the RTP timestamp does not include (the decoded
     * audio of a packet with RTP time T was captured this long before T). What a receiver subtracts to give
     * decoded audio its true capture time. 0 unless the codec says otherwise.
     */
    default int encoderDelaySamples() {
        return 0;
    }

    /** Releases the decoder; it must not be used afterwards. */
    @Override
    void close();
}
