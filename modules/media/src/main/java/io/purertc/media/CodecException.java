package io.purertc.media;

/**
 * A codec could not do what was asked: a payload it cannot decode, a frame it cannot encode, a
 * negotiated configuration it does not support. Decoders and depacketizers receive bytes from the
 * network, so this is the only exception they let out for bad input.
 */
public final class CodecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String codec;

    /**
     * @param codec the encoding name of the codec that failed, e.g. {@code "opus"}
     * @param message what was wrong, naming the rule or limit where there is one
     */
    public CodecException(String codec, String message) {
        super(codec + ": " + message);
        this.codec = codec;
    }

    public CodecException(String codec, String message, Throwable cause) {
        super(codec + ": " + message, cause);
        this.codec = codec;
    }

    /** The encoding name of the codec that failed. */
    public String codec() {
        return codec;
    }
}
