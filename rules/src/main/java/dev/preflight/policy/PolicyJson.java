package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for policy documents written as strings: CloudFormation
 * {@code Content}/{@code PolicyDocument} given as a JSON string and Terraform {@code jsonencode(...)} /
 * {@code data.aws_iam_policy_document.json} values. The rules module has no JSON library, and policy strings are
 * small (SCPs are limited to 5,120 characters), so a hand-written recursive parser is enough.
 *
 * <p>Every value of the result carries the location of the string it was parsed from: a finding points at the
 * property that holds the policy. Syntax errors report the 1-based line and column <em>inside the string</em>.
 * Duplicate keys are errors (which one AWS would keep is not documented), as is nesting deeper than
 * {@link #MAX_DEPTH}.
 */
public final class PolicyJson {
    public static final int MAX_DEPTH = 64;

    private final String text;
    private final SourceLocation at;
    private int pos;

    private PolicyJson(String text, SourceLocation at) {
        this.text = text;
        this.at = at;
    }

    /** A syntax error, at a 1-based line and column of the parsed string. */
    public static final class SyntaxException extends Exception {
        private final int line;
        private final int column;

        SyntaxException(String message, int line, int column) {
            super(message + " at line " + line + " column " + column);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** Parses one JSON document; {@code at} is the location every resulting value reports. */
    public static Value parse(String text, SourceLocation at) throws SyntaxException {
        PolicyJson p = new PolicyJson(text, at);
        p.skipSpace();
        if (p.pos >= text.length()) {
            throw p.error("empty document; expected a JSON object");
        }
        Value v = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected content after the JSON document");
        }
        return v;
    }

    private Value value(int depth) throws SyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        char c = peek();
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return new Value.Text(string(), at);
            case 't':
                literal("true");
                return new Value.Bool(true, at);
            case 'f':
                literal("false");
                return new Value.Bool(false, at);
            case 'n':
                literal("null");
                return new Value.Absent(at);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character " + describe(c));
        }
    }

    private Value object(int depth) throws SyntaxException {
        pos++; // {
        Map<String, Value> fields = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new Value.Struct(fields, at);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a quoted key, found " + describe(peek()));
            }
            int keyStart = pos;
            String key = string();
            if (fields.containsKey(key)) {
                pos = keyStart;
                throw error("duplicate key \"" + key + "\"");
            }
            skipSpace();
            expect(':');
            skipSpace();
            fields.put(key, value(depth + 1));
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return new Value.Struct(fields, at);
            } else {
                throw error("expected ',' or '}' after a value, found " + describe(c));
            }
        }
    }

    private Value array(int depth) throws SyntaxException {
        pos++; // [
        List<Value> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new Value.Seq(items, at);
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return new Value.Seq(items, at);
            } else {
                throw error("expected ',' or ']' after a value, found " + describe(c));
            }
        }
    }

    private String string() throws SyntaxException {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character " + describe(c) + " in a string; escape it");
            }
            if (c == '\\') {
                pos++;
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char e = text.charAt(pos);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 >= text.length()) {
                            throw error("incomplete \\u escape");
                        }
                        int cp = 0;
                        for (int i = 1; i <= 4; i++) {
                            int d = Character.digit(text.charAt(pos + i), 16);
                            if (d < 0) {
                                throw error("invalid \\u escape");
                            }
                            cp = cp * 16 + d;
                        }
                        sb.append((char) cp);
                        pos += 4;
                    }
                    default -> throw error("invalid escape \\" + e);
                }
                pos++;
                continue;
            }
            sb.append(c);
            pos++;
        }
    }

    private Value number() throws SyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("invalid number: digits expected after '.'");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("invalid number: digits expected in the exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String raw = text.substring(start, pos);
        return new Value.Num(new BigDecimal(raw), raw, at);
    }

    private void literal(String word) throws SyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character " + describe(peek()));
        }
        pos += word.length();
    }

    private void expect(char c) throws SyntaxException {
        if (peek() != c) {
            throw error("expected '" + c + "', found " + describe(peek()));
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    /** The current character, or NUL at the end (never valid JSON, so it always leads to an error). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String describe(char c) {
        if (pos >= text.length()) {
            return "end of text";
        }
        if (c < 0x20) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private SyntaxException error(String message) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SyntaxException(message, line, col);
    }
}
