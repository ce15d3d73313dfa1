package io.purertc.media;

import java.util.List;

/**
 * One codec implementation, as {@link CodecRegistry} finds it. Implementations are audio
 * ({@link AudioCodecFactory}) or video ({@link VideoCodecFactory}) and are discovered through
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.purertc.media.CodecFactory} and give it a public no-argument
 * constructor.
 *
 * <p>Threads: a factory is immutable and may be used from any thread; what it creates follows the
 * rules of its own interface.
 */
public interface CodecFactory {

    /** Audio or video; every descriptor of this factory has this kind. */
    MediaKind kind();

    /**
     * The codecs this factory handles, most preferred first, with the format parameters it
     * would offer (e.g. Opus with {@code minptime=10;useinbandfec=1}).
     */
    List<CodecDescriptor> descriptors();

    /**
     * Where this factory's codecs go in an offer relative to other factories: higher first. The
     * registry breaks ties by class name, so the offer does not depend on class-path order.
     */
    default int preference() {
        return 0;
    }

    /** Whether one of {@link #descriptors()} {@linkplain CodecDescriptor#matches matches} this codec. */
    default boolean supports(CodecDescriptor codec) {
        for (CodecDescriptor own : descriptors()) {
            if (own.matches(codec)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A packetizer for the negotiated codec.
     *
     * @param negotiated the codec as agreed with the peer, including the peer's format parameters;
     *     an {@link IllegalArgumentException} if {@link #supports} is false for it
     */
    Packetizer createPacketizer(CodecDescriptor negotiated);

    /**
     * A depacketizer for the negotiated codec.
     *
     * @param negotiated as for {@link #createPacketizer}
     */
    Depacketizer createDepacketizer(CodecDescriptor negotiated);
}
