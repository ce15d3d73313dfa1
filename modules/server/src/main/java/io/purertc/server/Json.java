package io.purertc.server;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A small strict JSON (RFC 8259) parser for hostile input, and a writer for signaling's replies and stats.
 *
 * <p>{@link #parse} gives objects as {@link LinkedHashMap} (member order kept, duplicate names refused), arrays
 * as {@link List}, strings, numbers as {@link BigDecimal} (exact, so a value never changes on its way through),
 * {@link Boolean} and {@code null}. Only RFC 8259 is accepted: no comments, no trailing commas, no leading
 * zeros, no byte order mark, UTF-8 only. Inputs beyond {@link #MAX_LENGTH} bytes, nesting beyond
 * {@link #MAX_DEPTH} and number literals beyond {@link #MAX_NUMBER_LENGTH} characters are refused (RFC 8259 §9
 * lets a parser set such limits); every refusal is a {@link JsonException} naming the byte and the rule.
 *
 * <p>{@link #write} writes what {@link #parse} gives plus records (an object of their components, in
 * declaration order), enums (by name), other integral numbers, doubles (NaN and infinities as {@code null}),
 * arrays, iterables and the {@code Optional} types. An empty optional that is a record component or a map value
 * is left out of its object; elsewhere it is {@code null}. The text is compact and keeps non-ASCII characters
 * as they are, as FastRTC's server (Starlette's {@code JSONResponse}) writes it.
 */
public final class Json {

    /** Deepest nesting of arrays and objects parsed or written. */
    public static final int MAX_DEPTH = 64;
    /** Largest input parsed, in bytes. */
    public static final int MAX_LENGTH = 1 << 20;
    /** Longest number literal parsed, in characters. */
    public static final int MAX_NUMBER_LENGTH = 128;

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent component : components) {
                // A record need not be public to be written, e.g. a module's own stats records.
                component.getAccessor().trySetAccessible();
            }
            return components;
        }
    };

    private Json() {
    }

    /** Parses a JSON text given as a string (encoded to UTF-8 first, so offsets count UTF-8 bytes). */
    public static Object parse(String text) throws JsonException {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses one JSON text (RFC 8259 §2) from UTF-8 bytes. */
    public static Object parse(byte[] utf8) throws JsonException {
        if (utf8.length > MAX_LENGTH) {
            throw new JsonException(MAX_LENGTH, "input longer than " + MAX_LENGTH + " bytes");
        }
        Parser parser = new Parser(utf8);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos < utf8.length) {
            throw parser.error("data after the JSON value");
        }
        return value;
    }

    /**
     * Writes {@code value} as compact JSON text.
     *
     * @throws IllegalArgumentException for a type JSON has no form for, a map key that is not a string or enum,
     *         or nesting deeper than {@link #MAX_DEPTH} (a cycle)
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private static final class Parser {

        private final byte[] in;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        private int pos;

        Parser(byte[] in) {
            this.in = in;
        }

        JsonException error(String rule) {
            return new JsonException(pos, rule);
        }

        void skipWhitespace() {
            while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
                pos++;
            }
        }

        Object value(int depth) throws JsonException {
            if (pos == in.length) {
                throw error("expected a value, found the end of the input");
            }
            byte c = in[pos];
            if (c == '{') {
                return object(depth + 1);
            } else if (c == '[') {
                return array(depth + 1);
            } else if (c == '"') {
                return string();
            } else if (c == '-' || isDigit(c)) {
                return number();
            } else if (c == 't') {
                literal("true");
                return Boolean.TRUE;
            } else if (c == 'f') {
                literal("false");
                return Boolean.FALSE;
            } else if (c == 'n') {
                literal("null");
                return null;
            }
            throw error("expected a value");
        }

        private void enter(int depth) throws JsonException {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            pos++;
            skipWhitespace();
        }

        private Map<String, Object> object(int depth) throws JsonException {
            enter(depth);
            Map<String, Object> members = new LinkedHashMap<>();
            if (pos < in.length && in[pos] == '}') {
                pos++;
                return members;
            }
            while (true) {
                if (pos == in.length || in[pos] != '"') {
                    throw error("expected a member name");
                }
                int nameAt = pos;
                String name = string();
                if (members.containsKey(name)) {
                    throw new JsonException(nameAt, "duplicate member name");
                }
                skipWhitespace();
                expect(':', "expected ':' after a member name");
                members.put(name, value(depth));
                skipWhitespace();
                if (!separator('}', "expected ',' or '}' in an object")) {
                    return members;
                }
            }
        }

        private List<Object> array(int depth) throws JsonException {
            enter(depth);
            List<Object> elements = new ArrayList<>();
            if (pos < in.length && in[pos] == ']') {
                pos++;
                return elements;
            }
            while (true) {
                elements.add(value(depth));
                skipWhitespace();
                if (!separator(']', "expected ',' or ']' in an array")) {
                    return elements;
                }
            }
        }

        /** Consumes a ',' (true, more follows) or the closing byte (false). */
        private boolean separator(char close, String rule) throws JsonException {
            if (pos < in.length && in[pos] == ',') {
                pos++;
                skipWhitespace();
                return true;
            }
            expect(close, rule);
            return false;
        }

        private void expect(char c, String rule) throws JsonException {
            if (pos == in.length || in[pos] != c) {
                throw error(rule);
            }
            pos++;
            skipWhitespace();
        }

        private void literal(String word) throws JsonException {
            for (int i = 0; i < word.length(); i++) {
                if (pos == in.length || in[pos] != word.charAt(i)) {
                    throw error("expected " + word);
                }
                pos++;
            }
        }

        private String string() throws JsonException {
            int open = pos++;
            StringBuilder text = new StringBuilder();
            int run = pos;
            while (true) {
                if (pos == in.length) {
                    throw new JsonException(open, "unterminated string");
                }
                byte c = in[pos];
                if (c == '"' || c == '\\') {
                    appendUtf8(text, run, pos);
                    if (c == '"') {
                        pos++;
                        return text.toString();
                    }
                    escape(text);
                    run = pos;
                } else if ((c & 0xFF) < 0x20) {
                    throw error("unescaped control character in a string");
                } else {
                    pos++;
                }
            }
        }

        /** Decodes a run of unescaped bytes; runs end at ASCII bytes, so none splits a UTF-8 sequence. */
        private void appendUtf8(StringBuilder text, int from, int to) throws JsonException {
            if (from == to) {
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(in, from, to - from);
            CharBuffer chars = CharBuffer.allocate(to - from);
            utf8.reset();
            CoderResult result = utf8.decode(bytes, chars, true);
            if (!result.isError()) {
                result = utf8.flush(chars);
            }
            if (result.isError()) {
                throw new JsonException(bytes.position(), "invalid UTF-8");
            }
            text.append(chars.flip());
        }

        private void escape(StringBuilder text) throws JsonException {
            int at = pos++;
            if (pos == in.length) {
                throw new JsonException(at, "unterminated escape");
            }
            byte c = in[pos++];
            switch (c) {
                case '"':
                case '\\':
                case '/':
                    text.append((char) c);
                    break;
                case 'b':
                    text.append('\b');
                    break;
                case 'f':
                    text.append('\f');
                    break;
                case 'n':
                    text.append('\n');
                    break;
                case 'r':
                    text.append('\r');
                    break;
                case 't':
                    text.append('\t');
                    break;
                case 'u':
                    text.append(hex4(at));
                    break;
                default:
                    throw new JsonException(at, "invalid escape");
            }
        }

        private char hex4(int at) throws JsonException {
            int code = 0;
            for (int i = 0; i < 4; i++) {
                int digit = pos < in.length ? Character.digit(in[pos], 16) : -1;
                if (digit < 0) {
                    throw new JsonException(at, "\\u needs four hexadecimal digits");
                }
                code = code << 4 | digit;
                pos++;
            }
            return (char) code;
        }

        private BigDecimal number() throws JsonException {
            int start = pos;
            if (in[pos] == '-') {
                pos++;
            }
            if (pos < in.length && in[pos] == '0') {
                pos++;
            } else {
                digits("expected a digit");
            }
            if (pos < in.length && in[pos] == '.') {
                pos++;
                digits("expected a digit after '.'");
            }
            if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
                pos++;
                if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                    pos++;
                }
                digits("expected a digit in the exponent");
            }
            if (pos - start > MAX_NUMBER_LENGTH) {
                throw new JsonException(start, "number longer than " + MAX_NUMBER_LENGTH + " characters");
            }
            try {
                return new BigDecimal(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                throw new JsonException(start, "number out of range");
            }
        }

        private void digits(String rule) throws JsonException {
            if (pos == in.length || !isDigit(in[pos])) {
                throw error(rule);
            }
            while (pos < in.length && isDigit(in[pos])) {
                pos++;
            }
        }

        private static boolean isDigit(byte c) {
            return c >= '0' && c <= '9';
        }
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH + "; is there a cycle?");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character) {
            writeString(value.toString(), out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number) {
            writeNumber((Number) value, out);
        } else if (value instanceof Enum) {
            writeString(((Enum<?>) value).name(), out);
        } else if (isOptional(value)) {
            write(unwrap(value), out, depth);
        } else if (value instanceof Record) {
            writeRecord((Record) value, out, depth);
        } else if (value instanceof Map) {
            writeMap((Map<?, ?>) value, out, depth);
        } else if (value instanceof Iterable) {
            out.append('[');
            for (Object element : (Iterable<?>) value) {
                comma(out, '[');
                write(element, out, depth + 1);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                comma(out, '[');
                write(Array.get(value, i), out, depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void writeRecord(Record record, StringBuilder out, int depth) {
        out.append('{');
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException("cannot read " + record.getClass().getName() + "."
                        + component.getName(), e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(record.getClass().getName() + "." + component.getName()
                        + " failed", e.getCause());
            }
            writeMember(component.getName(), value, out, depth);
        }
        out.append('}');
    }

    private static void writeMap(Map<?, ?> map, StringBuilder out, int depth) {
        out.append('{');
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            String name;
            if (key instanceof String) {
                name = (String) key;
            } else if (key instanceof Enum) {
                name = ((Enum<?>) key).name();
            } else {
                throw new IllegalArgumentException("JSON member names are strings, not "
                        + (key == null ? "null" : key.getClass().getName()));
            }
            writeMember(name, entry.getValue(), out, depth);
        }
        out.append('}');
    }

    private static void writeMember(String name, Object value, StringBuilder out, int depth) {
        if (isOptional(value) && unwrap(value) == null) {
            return;
        }
        comma(out, '{');
        writeString(name, out);
        out.append(':');
        write(value, out, depth + 1);
    }

    /** Appends a ',' unless the container just opened. */
    private static void comma(StringBuilder out, char open) {
        if (out.charAt(out.length() - 1) != open) {
            out.append(',');
        }
    }

    private static boolean isOptional(Object value) {
        return value instanceof Optional || value instanceof OptionalInt || value instanceof OptionalLong
                || value instanceof OptionalDouble;
    }

    private static Object unwrap(Object optional) {
        if (optional instanceof Optional) {
            return ((Optional<?>) optional).orElse(null);
        } else if (optional instanceof OptionalInt) {
            OptionalInt o = (OptionalInt) optional;
            return o.isPresent() ? o.getAsInt() : null;
        } else if (optional instanceof OptionalLong) {
            OptionalLong o = (OptionalLong) optional;
            return o.isPresent() ? o.getAsLong() : null;
        }
        OptionalDouble o = (OptionalDouble) optional;
        return o.isPresent() ? o.getAsDouble() : null;
    }

    private static void writeNumber(Number number, StringBuilder out) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            out.append(Double.isFinite(d) ? number.toString() : "null");
        } else if (number instanceof BigDecimal || number instanceof BigInteger || number instanceof Long
                || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            out.append(number);
        } else {
            throw new IllegalArgumentException("no JSON form for " + number.getClass().getName());
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        // A lone surrogate has no UTF-8 form; the escape keeps the output valid UTF-8.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
