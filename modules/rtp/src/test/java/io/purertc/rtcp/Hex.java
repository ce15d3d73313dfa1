package io.purertc.rtcp;

import java.util.HexFormat;

/** Packet bytes written out in tests as hex, with spaces and line breaks between fields for the reader. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }
}
