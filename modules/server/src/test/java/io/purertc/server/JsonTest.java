package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    /** RFC 8259 §13, the first example. */
    private static final String IMAGE = "{\n"
            + "  \"Image\": {\n"
            + "    \"Width\":  800,\n"
            + "    \"Height\": 600,\n"
            + "    \"Title\":  \"View from 15th Floor\",\n"
            + "    \"Thumbnail\": {\n"
            + "      \"Url\":    \"http://www.example.com/image/481989943\",\n"
            + "      \"Height\": 125,\n"
            + "      \"Width\":  100\n"
            + "    },\n"
            + "    \"Animated\" : false,\n"
            + "    \"IDs\": [116, 943, 234, 38793]\n"
            + "  }\n"
            + "}";

    /** RFC 8259 §13, the second example. */
    private static final String PLACES = "[\n"
            + "  {\n"
            + "     \"precision\": \"zip\",\n"
            + "     \"Latitude\":  37.7668,\n"
            + "     \"Longitude\": -122.3959,\n"
            + "     \"Address\":   \"\",\n"
            + "     \"City\":      \"SAN FRANCISCO\",\n"
            + "     \"State\":     \"CA\",\n"
            + "     \"Zip\":       \"94107\",\n"
            + "     \"Country\":   \"US\"\n"
            + "  },\n"
            + "  {\n"
            + "     \"precision\": \"zip\",\n"
            + "     \"Latitude\":  37.371991,\n"
            + "     \"Longitude\": -122.026020,\n"
            + "     \"Address\":   \"\",\n"
            + "     \"City\":      \"SUNNYVALE\",\n"
            + "     \"State\":     \"CA\",\n"
            + "     \"Zip\":       \"94085\",\n"
            + "     \"Country\":   \"US\"\n"
            + "  }\n"
            + "]";

    @Test
    void rfcImageExample() throws JsonException {
        Map<?, ?> image = (Map<?, ?>) ((Map<?, ?>) Json.parse(IMAGE)).get("Image");
        assertEquals(List.of("Width", "Height", "Title", "Thumbnail", "Animated", "IDs"),
                new ArrayList<>(image.keySet()));
        assertEquals(new BigDecimal("800"), image.get("Width"));
        assertEquals("View from 15th Floor", image.get("Title"));
        assertEquals("http://www.example.com/image/481989943", ((Map<?, ?>) image.get("Thumbnail")).get("Url"));
        assertEquals(Boolean.FALSE, image.get("Animated"));
        assertEquals(List.of(new BigDecimal("116"), new BigDecimal("943"), new BigDecimal("234"),
                new BigDecimal("38793")), image.get("IDs"));
    }

    @Test
    void rfcPlacesExampleKeepsNumbersExactly() throws JsonException {
        List<?> places = (List<?>) Json.parse(PLACES);
        assertEquals(2, places.size());
        Map<?, ?> sunnyvale = (Map<?, ?>) places.get(1);
        assertEquals(new BigDecimal("-122.026020"), sunnyvale.get("Longitude"));
        assertEquals("", sunnyvale.get("Address"));
        assertEquals("94085", sunnyvale.get("Zip"));
    }

    @Test
    void scalarsAndEscapes() throws JsonException {
        assertNull(Json.parse(" null "));
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(new BigDecimal("-0"), Json.parse("-0"));
        assertEquals(new BigDecimal("1E+2"), Json.parse("1E+2"));
        assertEquals(new BigDecimal("12345678901234567890.5"), Json.parse("12345678901234567890.5"));
        assertEquals("a\"\\/\b\f\n\r\t\u00e9\u2028", Json.parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\u2028\""));
        assertEquals("\uD83D\uDE00 \u00e9", Json.parse("\"\\ud83d\\ude00 \u00e9\""), "surrogate pair and UTF-8");
        assertEquals(List.of(), Json.parse("[ ]"));
        assertEquals(Map.of(), Json.parse("{ }"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                     | 0  | expected a value, found the end of the input",
        "' '                    | 1  | expected a value, found the end of the input",
        "'{\"a\":1,}'           | 7  | expected a member name",
        "'[1,]'                 | 3  | expected a value",
        "'[01]'                 | 2  | expected ',' or ']' in an array",
        "'[1 2]'                | 3  | expected ',' or ']' in an array",
        "'{\"a\" 1}'            | 5  | expected ':' after a member name",
        "'{\"a\":1 \"b\":2}'    | 7  | expected ',' or '}' in an object",
        "'{a:1}'                | 1  | expected a member name",
        "'{\"a\":1,\"a\":2}'    | 7  | duplicate member name",
        "'\"\\x\"'              | 1  | invalid escape",
        "'\"\\u12\"'            | 1  | \\u needs four hexadecimal digits",
        "'\"abc'                | 0  | unterminated string",
        "'\"\\'                 | 1  | unterminated escape",
        "'-'                    | 1  | expected a digit",
        "'1.'                   | 2  | expected a digit after '.'",
        "'.5'                   | 0  | expected a value",
        "'1e'                   | 2  | expected a digit in the exponent",
        "'+1'                   | 0  | expected a value",
        "'1e9999999999'         | 0  | number out of range",
        "'tru'                  | 3  | expected true",
        "'nul'                  | 3  | expected null",
        "'NaN'                  | 0  | expected a value",
        "'''a'''                | 0  | expected a value",
        "'[1] // comment'       | 4  | data after the JSON value",
        "'{} {}'                | 3  | data after the JSON value",
    })
    void refusesWhatRfc8259Refuses(String text, int offset, String rule) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertEquals(rule, e.rule());
        assertEquals(offset, e.offset());
    }

    @Test
    void refusesBadBytesAndLimits() {
        assertRefused(new byte[] {'"', (byte) 0xC3, '(', '"'}, 1, "invalid UTF-8");
        assertRefused(new byte[] {'"', 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, 2, "invalid UTF-8");
        assertRefused(new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'}, 1, "invalid UTF-8");
        assertRefused(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'}, 0, "expected a value");
        assertRefused(new byte[] {'"', 'a', 0x01, '"'}, 2, "unescaped control character in a string");
        assertRefused(new byte[] {'"', '\n', '"'}, 1, "unescaped control character in a string");
        assertRefused(("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1))
                .getBytes(StandardCharsets.US_ASCII), Json.MAX_DEPTH, "nesting deeper than 64");
        assertRefused(("1" + "0".repeat(Json.MAX_NUMBER_LENGTH)).getBytes(StandardCharsets.US_ASCII), 0,
                "number longer than 128 characters");
        byte[] huge = new byte[Json.MAX_LENGTH + 1];
        Arrays.fill(huge, (byte) ' ');
        assertRefused(huge, Json.MAX_LENGTH, "input longer than 1048576 bytes");
    }

    @Test
    void acceptsTheDeepestAndLongestAllowed() throws JsonException {
        String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(deep, Json.write(Json.parse(deep)));
        String longest = "9".repeat(Json.MAX_NUMBER_LENGTH);
        assertEquals(new BigDecimal(longest), Json.parse(longest));
    }

    private static void assertRefused(byte[] input, int offset, String rule) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(input));
        assertEquals(rule, e.rule());
        assertEquals(offset, e.offset());
    }

    enum Direction { SENDRECV }

    record Codec(String name, int clockRate, OptionalInt channels) {
    }

    record Track(String kind, Direction direction, List<Codec> codecs, Optional<String> mid, OptionalLong bytes,
            OptionalDouble jitter, double rtt, Map<String, Object> extra) {
    }

    @Test
    void writesRecordsComponentByComponent() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("nothing", null);
        extra.put("absent", Optional.empty());
        extra.put("nan", Double.NaN);
        extra.put("inf", Float.NEGATIVE_INFINITY);
        Track track = new Track("audio", Direction.SENDRECV,
                List.of(new Codec("opus", 48000, OptionalInt.of(2)), new Codec("PCMU", 8000, OptionalInt.empty())),
                Optional.of("0"), OptionalLong.empty(), OptionalDouble.of(0.5), 0.25, extra);
        assertEquals("{\"kind\":\"audio\",\"direction\":\"SENDRECV\",\"codecs\":[{\"name\":\"opus\",\"clockRate\":48000,"
                + "\"channels\":2},{\"name\":\"PCMU\",\"clockRate\":8000}],\"mid\":\"0\",\"jitter\":0.5,"
                + "\"rtt\":0.25,\"extra\":{\"nothing\":null,\"nan\":null,\"inf\":null}}", Json.write(track));
        assertEquals("[null,1,null]", Json.write(List.of(Optional.empty(), OptionalInt.of(1), OptionalLong.empty())));
        assertEquals("[1,2,3]", Json.write(new int[] {1, 2, 3}));
    }

    @Test
    void writesStringsAsFastRtcDoes() {
        assertEquals("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u00e9\u2028\uD83D\uDE00\"",
                Json.write("\"\\/\b\f\n\r\t\u0001\u001f\u007f\u00e9\u2028\uD83D\uDE00"));
        assertEquals("\"\\ud800x\\udc00\"", Json.write("\uD800x\uDC00"), "lone surrogates have no UTF-8 form");
    }

    @Test
    void refusesWhatHasNoJsonForm() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "one")));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    }

    @Property
    void randomBytesOnlyEverFailWithJsonException(@ForAll byte[] input) {
        parseOrRefuse(input);
    }

    @Property
    void randomJsonLikeTextOnlyEverFailsWithJsonException(@ForAll("jsonLike") String input) {
        parseOrRefuse(input.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void everyTruncationOfValidJsonOnlyEverFailsWithJsonException(@ForAll("values") Object value) {
        byte[] text = Json.write(value).getBytes(StandardCharsets.UTF_8);
        for (int length = 0; length < text.length; length++) {
            parseOrRefuse(Arrays.copyOf(text, length));
        }
    }

    @Property
    void writeThenParseGivesTheValueBack(@ForAll("values") Object value) throws JsonException {
        assertEquals(value, Json.parse(Json.write(value)));
    }

    @Property
    void writtenDoublesParseToTheSameDouble(@ForAll double d) throws JsonException {
        Object parsed = Json.parse(Json.write(d));
        if (Double.isFinite(d)) {
            assertEquals(d, ((BigDecimal) parsed).doubleValue());
        } else {
            assertNull(parsed);
        }
    }

    private static void parseOrRefuse(byte[] input) {
        try {
            Json.parse(input);
        } catch (JsonException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= input.length, e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> jsonLike() {
        return Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789tfrunlsa\\/u \n\u00e9\u0001").ofMaxLength(60);
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.<Object>oneOf(
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.bigDecimals().ofScale(3).between(new BigDecimal("-1e12"), new BigDecimal("1e12")),
                Arbitraries.bigIntegers().map(BigDecimal::new),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE)).injectNull(0.1);
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.<Object>oneOf(
                inner,
                inner.list().ofMaxSize(4),
                Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(6), inner).ofMaxSize(4)), 0, 4);
    }
}
