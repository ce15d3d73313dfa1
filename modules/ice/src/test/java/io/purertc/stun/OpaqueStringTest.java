package io.purertc.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpaqueStringTest {

    private static void rejected(String input, String codePoint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpaqueString.enforce(input));
        assertTrue(e.getMessage().contains(codePoint), e.getMessage());
    }

    private static void kept(String... inputs) {
        for (String input : inputs) {
            assertEquals(input, OpaqueString.enforce(input));
        }
    }

    @Test
    void rfc8265LegalPasswordsAreKeptOrSpaceMapped() {
        // RFC 8265 §4.2.4, examples 12-16
        kept("correct horse battery staple", "Correct Horse Battery Staple", "\u03C0\u00DF\u00E5", "Jack of \u2666s");
        assertEquals("foo bar", OpaqueString.enforce("foo\u1680bar"));
    }

    @Test
    void rfc8265IllegalPasswordsAreRejected() {
        // RFC 8265 §4.2.4, examples 17 and 18
        rejected("", "empty");
        rejected("my cat is a \u0009by", "U+0009");
    }

    @Test
    void everyNonAsciiSpaceBecomesU0020AndSpacesAreKept() {
        String spaces = "a\u00A0a\u1680a\u2000a\u2001a\u2002a\u2003a\u2004a\u2005a\u2006a\u2007a\u2008a\u2009a\u200Aa"
                + "\u202Fa\u205Fa\u3000a";
        assertEquals("a a a a a a a a a a a a a a a a a", OpaqueString.enforce(spaces));
        assertEquals(" ", OpaqueString.enforce("\u3000"));
        kept("  Swan  of   Avon   ");
    }

    @Test
    void normalisesToNfcWithoutCompatibilityWidthOrCaseMapping() {
        assertEquals("\u00E0cc\u00E9nts", OpaqueString.enforce("a\u0300cce\u0301nts"));
        assertEquals("\u00C5", OpaqueString.enforce("\u212B"));
        assertEquals("\u00E9\u031F", OpaqueString.enforce("e\u0301\u031F"));
        kept("Richard \u2163", "\uFF34\uFF45\uFF53\uFF54", "\uFB00");
    }

    @Test
    void rfc5769PasswordIsNotSaslprep() {
        // RFC 8489 Appendix B.1 credits OpaqueString with "The<U+00AD>M<U+00AA>tr<U+2168>" -> "TheMatrIX", which is
        // SASLprep's result (RFC 5769 §2.4); OpaqueString disallows the soft hyphen and keeps U+00AA and U+2168.
        rejected("The\u00ADM\u00AAtr\u2168", "U+00AD");
        kept("M\u00AAtr\u2168", "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\u007F", "\u0085", // controls
        "\u0378", "\uFFFE", "\uFDD0", // unassigned, noncharacters
        "\uE000", "\uDB80\uDC00", // private use
        "\uD800", "x\uDC00", // lone surrogates
        "\u200B", "\u2028", "\u2029", "\uFEFF", "\u202E", // format and separators
        "\u034F", "\uFE0F", "\u3164", "\uFFA0", // default-ignorable outside Cf
        "\u1100", "\uA960", "\uD7B0", // old Hangul jamo
        "\u0640", "\u07FA", "\u3031", "\u303B", // RFC 5892 §2.6 DISALLOWED exceptions
        "\u0A4D\u200C", "\u0A4D\u200D", // CONTEXTJ: rejected everywhere (see OpaqueString)
    })
    void freeformClassDisallows(String input) {
        assertThrows(IllegalArgumentException.class, () -> OpaqueString.enforce(input));
    }

    @Test
    void namesTheOffendingCodePointAndNotTheString() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpaqueString.enforce("secret\u0000"));
        assertTrue(e.getMessage().contains("U+0000 (index 6)"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void contextORulesOfRfc5892AppendixA() {
        // A.3 middle dot between two l
        kept("l\u00B7l");
        rejected("a\u00B7l", "U+00B7");
        rejected("l\u00B7", "U+00B7");
        // A.4 keraia before Greek
        kept("\u0375\u03B1", "\u03B1\u0375\u0375\u03B1");
        rejected("\u03B1\u0375a", "U+0375");
        // A.5, A.6 geresh and gershayim after Hebrew
        kept("\u05E9\u05F3\u05F3", "a\u05E9\u05F4");
        rejected("a\u05F4b", "U+05F4");
        // A.7 katakana middle dot with Hiragana, Katakana or Han anywhere
        kept("abc\u30FBd\u3076f", "\u2E90bc\u30FBdef");
        rejected("abc\u30FBdef", "U+30FB");
        // A.8, A.9 Arabic-Indic and extended Arabic-Indic digits do not mix
        kept("\u0661\u0662\u0663", "\u06F1\u06F2\u06F3");
        rejected("\u0661\u0662\u06F6", "U+0661");
    }

    /** Mostly strings OpaqueString accepts, with decomposed, composed, compatibility and space spellings. */
    static Arbitrary<String> likelyOpaque() {
        return Arbitraries.strings().withChars("aZ9 !~\u00E9e\u0301\u00C5\u212BA\u030A\u00A0\u3000\u03C0\u00DF\u2666\uFB00\u30DE")
                .ofMinLength(1).ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> anyOrLikelyOpaque() {
        return Arbitraries.oneOf(Arbitraries.strings(), likelyOpaque());
    }

    @Property
    void enforcementIsIdempotentAndOnlyRejectsWithIllegalArgument(@ForAll("anyOrLikelyOpaque") String input) {
        String once;
        try {
            once = OpaqueString.enforce(input);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        assertEquals(once, OpaqueString.enforce(once));
        assertTrue(Normalizer.isNormalized(once, Normalizer.Form.NFC));
        assertTrue(once.codePoints().noneMatch(cp -> cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR));
    }
}
