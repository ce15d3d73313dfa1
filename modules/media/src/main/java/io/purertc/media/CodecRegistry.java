package io.purertc.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The codecs available to a peer, so that an offer lists exactly what can be encoded and decoded,
 * and an answer's codec finds its implementation.
 *
 * <p>Threads: immutable; safe to share.
 */
public final class CodecRegistry {

    private final List<CodecFactory> factories;

    /**
     * A registry of these factories, ordered by {@link CodecFactory#preference()} (higher first);
     * equal preferences keep the order given.
     */
    public CodecRegistry(List<? extends CodecFactory> factories) {
        List<CodecFactory> sorted = new ArrayList<>(factories);
        sorted.sort(Comparator.comparingInt(CodecFactory::preference).reversed());
        this.factories = List.copyOf(sorted);
    }

    /**
     * The factories on the class path, found through {@link ServiceLoader}; equal preferences are
     * ordered by class name so the offer does not change with class-path order.
     */
    public static CodecRegistry installed() {
        List<CodecFactory> found = new ArrayList<>();
        ServiceLoader.load(CodecFactory.class, CodecRegistry.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparing(f -> f.getClass().getName()));
        return new CodecRegistry(found);
    }

    /** All factories, most preferred first. */
    public List<CodecFactory> factories() {
        return factories;
    }

    /**
     * The codecs of one kind in preference order, for an offer. A codec handled by several
     * factories appears once, from the most preferred.
     */
    public List<CodecDescriptor> descriptors(MediaKind kind) {
        List<CodecDescriptor> result = new ArrayList<>();
        for (CodecFactory factory : factories) {
            if (factory.kind() != kind) {
                continue;
            }
            for (CodecDescriptor codec : factory.descriptors()) {
                if (result.stream().noneMatch(codec::matches)) {
                    result.add(codec);
                }
            }
        }
        return List.copyOf(result);
    }

    /** The most preferred factory that supports this codec. */
    public Optional<CodecFactory> find(CodecDescriptor codec) {
        for (CodecFactory factory : factories) {
            if (factory.supports(codec)) {
                return Optional.of(factory);
            }
        }
        return Optional.empty();
    }

    /** The most preferred audio factory that supports this codec. */
    public Optional<AudioCodecFactory> audio(CodecDescriptor codec) {
        return find(codec).filter(AudioCodecFactory.class::isInstance).map(AudioCodecFactory.class::cast);
    }

    /** The most preferred video factory that supports this codec. */
    public Optional<VideoCodecFactory> video(CodecDescriptor codec) {
        return find(codec).filter(VideoCodecFactory.class::isInstance).map(VideoCodecFactory.class::cast);
    }
}
