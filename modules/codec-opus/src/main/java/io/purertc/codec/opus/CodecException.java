package io.purertc.codec.opus;

/** A codec could not do what was asked; the only exception our decoders let out for bad payloads. */
final class CodecException extends Exception {

    private static final long serialVersionUID = 1L;

    CodecException(String codec, String message) {
        super(codec + ": " + message);
    }

    CodecException(String codec, String message, Throwable cause) {
        super(codec + ": " + message, cause);
    }
}
