package io.purertc.stun;

import java.text.Normalizer;

/**
 * The PRECIS OpaqueString profile, which RFC 8489 applies to the username, realm and password of a
 * long-term credential before they become a key: every non-ASCII space becomes U+0020, the string is
 * NFC-normalised (no width or case mapping), and the result must be non-empty and made only of code points
 * the FreeformClass allows.
 *
 * <p>Java carries no PRECIS derived-property table, so the FreeformClass test runs the RFC 8264 §8
 * derivation over the JDK's own Unicode data. Where that data falls short, it approximates:
 * <ul>
 *   <li>Unassigned means unassigned in the JDK's Unicode version (Unicode 13 for Java 17), which may lag
 *       the peer's.</li>
 *   <li>PrecisIgnorableProperties: Default_Ignorable code points of category Cf or Cn are disallowed
 *       anyway; the few in other categories are listed below from Unicode's DerivedCoreProperties.</li>
 *   <li>HasCompat is not computed: outside the categories FreeformClass allows, no code point has a
 *       compatibility decomposition, so it would change no verdict.</li>
 *   <li>ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER (CONTEXTJ) are always rejected: RFC 5892 A.1/A.2 allow
 *       them after a virama or between certain joining types, properties the JDK does not expose.</li>
 * </ul>
 * The CONTEXTO rules of RFC 5892 A.3-A.9 (middle dot, Greek keraia, Hebrew geresh and gershayim, katakana
 * middle dot, Arabic-Indic digits) are applied exactly.
 */
// RFC 8265 §4.2, RFC 8264 §4.3 and §8-9, RFC 5892 §2.6 and Appendix A
public final class OpaqueString {

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    /** Default_Ignorable_Code_Point ranges outside categories Cf and Cn, as {first, last} pairs. */
    private static final int[] IGNORABLE_NOT_FORMAT = {
        0x034F, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180D, 0x180F, 0x180F,
        0x3164, 0x3164, 0xFE00, 0xFE0F, 0xFFA0, 0xFFA0, 0xE0100, 0xE01EF,
    };

    private OpaqueString() {
    }

    /**
     * Applies the profile's enforcement rules.
     *
     * @return the prepared string, to be encoded as UTF-8
     * @throws IllegalArgumentException when the result is empty or holds a code point the profile
     *         disallows (named as U+XXXX with its index in the prepared string, never the string itself,
     *         which may be a password)
     */
    public static String enforce(String input) {
        StringBuilder mapped = new StringBuilder(input.length());
        input.codePoints().forEach(cp ->
                mapped.appendCodePoint(cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp));
        String prepared = Normalizer.normalize(mapped, Normalizer.Form.NFC);
        if (prepared.isEmpty()) {
            throw new IllegalArgumentException("OpaqueString is empty");
        }
        for (int i = 0; i < prepared.length(); ) {
            int cp = prepared.codePointAt(i);
            if (!allowed(prepared, i, cp)) {
                throw new IllegalArgumentException(String.format(
                        "OpaqueString disallows U+%04X (index %d)", cp, i));
            }
            i += Character.charCount(cp);
        }
        return prepared;
    }

    // RFC 8264 §8, in its order; the PVALID exceptions (RFC 5892 §2.6) are letters, digits, symbols or
    // punctuation already, so FreeformClass needs no case for them.
    private static boolean allowed(String s, int at, int cp) {
        if (isContextO(cp)) {
            return contextORuleHolds(s, at, cp);
        }
        if (cp == 0x0640 || cp == 0x07FA || cp == 0x302E || cp == 0x302F
                || (cp >= 0x3031 && cp <= 0x3035) || cp == 0x303B) {
            return false;
        }
        if (!Character.isDefined(cp)) {
            return false;
        }
        if (cp >= 0x21 && cp <= 0x7E) {
            return true;
        }
        if (cp == ZERO_WIDTH_NON_JOINER || cp == ZERO_WIDTH_JOINER || isOldHangulJamo(cp) || isIgnorable(cp)) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                // letters, marks, digits, other numbers, spaces, symbols, punctuation
                return true;
        }
    }

    private static boolean isContextO(int cp) {
        return cp == 0x00B7 || cp == 0x0375 || cp == 0x05F3 || cp == 0x05F4 || cp == 0x30FB
                || isArabicIndicDigit(cp) || isExtendedArabicIndicDigit(cp);
    }

    // RFC 5892 Appendix A.3-A.9
    private static boolean contextORuleHolds(String s, int at, int cp) {
        int before = at > 0 ? s.codePointBefore(at) : -1;
        int next = at + Character.charCount(cp);
        int after = next < s.length() ? s.codePointAt(next) : -1;
        switch (cp) {
            case 0x00B7:
                return before == 'l' && after == 'l';
            case 0x0375:
                return after >= 0 && Character.UnicodeScript.of(after) == Character.UnicodeScript.GREEK;
            case 0x05F3:
            case 0x05F4:
                return before >= 0 && Character.UnicodeScript.of(before) == Character.UnicodeScript.HEBREW;
            case 0x30FB:
                return s.codePoints().anyMatch(OpaqueString::isHiraganaKatakanaOrHan);
            default:
                return isArabicIndicDigit(cp)
                        ? s.codePoints().noneMatch(OpaqueString::isExtendedArabicIndicDigit)
                        : s.codePoints().noneMatch(OpaqueString::isArabicIndicDigit);
        }
    }

    private static boolean isHiraganaKatakanaOrHan(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HAN;
    }

    private static boolean isArabicIndicDigit(int cp) {
        return cp >= 0x0660 && cp <= 0x0669;
    }

    private static boolean isExtendedArabicIndicDigit(int cp) {
        return cp >= 0x06F0 && cp <= 0x06F9;
    }

    // RFC 5892 §2.9: Hangul_Syllable_Type L, V or T, i.e. the assigned code points of these three blocks
    private static boolean isOldHangulJamo(int cp) {
        return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF);
    }

    private static boolean isIgnorable(int cp) {
        for (int i = 0; i < IGNORABLE_NOT_FORMAT.length; i += 2) {
            if (cp >= IGNORABLE_NOT_FORMAT[i] && cp <= IGNORABLE_NOT_FORMAT[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
