package io.purertc.peer;

import java.util.Objects;

/** A session description as JSEP passes it between peers (RFC 8829 §4.1.8, W3C {@code RTCSessionDescriptionInit}). */
public record Description(Type type, String sdp) {

    /** The JSEP description types a {@code PeerConnection} takes (RFC 8829 §4.1.8). */
    public enum Type {
        OFFER("offer"),
        ANSWER("answer");

        private final String jsepName;

        Type(String jsepName) {
            this.jsepName = jsepName;
        }

        /** The name signaling uses ({@code "offer"}, {@code "answer"}). */
        public String jsepName() {
            return jsepName;
        }
    }

    public Description {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sdp, "sdp");
    }

    public static Description offer(String sdp) {
        return new Description(Type.OFFER, sdp);
    }

    public static Description answer(String sdp) {
        return new Description(Type.ANSWER, sdp);
    }
}
