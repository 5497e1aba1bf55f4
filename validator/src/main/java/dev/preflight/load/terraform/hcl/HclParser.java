package dev.preflight.load.terraform.hcl;

import dev.preflight.load.terraform.hcl.HclExpression.Span;
import dev.preflight.model.SourceLocation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HCL native syntax ({@code hashicorp/hcl}, {@code hclsyntax/spec.md}) into {@link HclBody} and
 * {@link HclExpression} trees. Hand-written recursive descent over the characters, like HCL's own parser: no
 * token list is built, every node keeps its position, and the first error ends the file with one
 * {@link HclSyntaxException} ({@code file:line:col: what is wrong}). Nothing is printed.
 *
 * <p>Newlines end attributes and separate object items; inside parentheses, brackets, function arguments,
 * interpolations and {@code for} expressions they are whitespace, as the spec says. Deviations, all on the lenient
 * side: a block may close on the line of its last attribute, and a one-line block may hold more than one
 * attribute.
 */
public final class HclParser {
    private static final int MAX_DEPTH = 200;

    private final String file;
    private final String src;
    private final int[] lineStarts;
    /** When not null, every node gets this location (a template read from a JSON string). */
    private final SourceLocation fixed;
    private int pos;
    /** End of the text being read (the end of a heredoc's content while it is read). */
    private int limit;
    /** True where newlines are significant (bodies, object constructors). */
    private boolean newlines = true;
    private int depth;

    private HclParser(String file, String src, SourceLocation fixed) {
        this.file = file;
        this.src = src;
        this.fixed = fixed;
        this.limit = src.length();
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A whole file ({@code .tf}, {@code .tfvars}) in native syntax. */
    public static HclBody parse(String file, String text) throws HclSyntaxException {
        HclParser p = new HclParser(file, text, null);
        return p.parseBody(false);
    }

    /** One expression alone ({@code --var name=value}, a JSON-syntax {@code type}); nothing may follow it. */
    public static HclExpression parseExpression(String file, String text, SourceLocation at)
            throws HclSyntaxException {
        HclParser p = new HclParser(file, text, at);
        p.newlines = false;
        HclExpression e = p.expression();
        p.skipSpace();
        if (p.pos < p.limit) {
            throw p.error(p.pos, "unexpected " + p.describe(p.pos) + " after the expression");
        }
        return e;
    }

    /** The content of a JSON string, read as a template (JSON syntax); every node is placed at {@code at}. */
    public static HclExpression parseTemplate(String file, String text, SourceLocation at)
            throws HclSyntaxException {
        HclParser p = new HclParser(file, text, at);
        List<TemplatePart> parts = p.templateParts(false, -1);
        return new HclExpression.Template(parts, p.span(0));
    }

    // ---- positions and errors ----

    private SourceLocation loc(int offset) {
        if (fixed != null) {
            return fixed;
        }
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return new SourceLocation(file, lo + 1, offset - lineStarts[lo] + 1);
    }

    private Span span(int start) {
        return new Span(loc(start), src, start, pos);
    }

    private HclSyntaxException error(int at, String problem) {
        return new HclSyntaxException(loc(Math.min(at, src.length())), problem);
    }

    private String describe(int at) {
        if (at >= limit) {
            return "end of file";
        }
        char c = src.charAt(at);
        if (c == '\n' || c == '\r') {
            return "newline";
        }
        if (Character.isISOControl(c)) {
            return String.format("control character U+%04X", (int) c);
        }
        if (isIdentStart(c)) {
            int end = at;
            while (end < limit && isIdentPart(src.charAt(end)) && end - at < 40) {
                end++;
            }
            return "\"" + src.substring(at, end) + "\"";
        }
        return "\"" + new String(Character.toChars(src.codePointAt(at))) + "\"";
    }

    /** Source text for a one-line message: whitespace runs collapsed, at most 40 characters. */
    static String brief(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }

    private char peek() {
        return pos < limit ? src.charAt(pos) : '\0';
    }

    private char peek(int ahead) {
        return pos + ahead < limit ? src.charAt(pos + ahead) : '\0';
    }

    private boolean at(String s) {
        return src.startsWith(s, pos) && pos + s.length() <= limit;
    }

    private void expect(char c, String what) throws HclSyntaxException {
        if (peek() != c || pos >= limit) {
            throw error(pos, "expected " + what + ", found " + describe(pos));
        }
        pos++;
    }

    private void enter() throws HclSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error(pos, "nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
    }

    // ---- whitespace and comments ----

    /** Spaces, tabs, comments, and newlines where they are not significant. */
    private void skipSpace() throws HclSyntaxException {
        while (pos < limit) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '\r' && peek(1) == '\n' && !newlines) {
                pos += 2;
            } else if (c == '\n' && !newlines) {
                pos++;
            } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                while (pos < limit && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0 || end + 2 > limit) {
                    throw error(pos, "comment /* is not closed with */");
                }
                pos = end + 2;
            } else if (c == '\r' && peek(1) != '\n') {
                pos++;
            } else {
                return;
            }
        }
    }

    /** Everything blank, newlines included. */
    private void skipBlankLines() throws HclSyntaxException {
        boolean saved = newlines;
        newlines = false;
        skipSpace();
        newlines = saved;
    }

    private boolean atNewline() {
        return peek() == '\n' || (peek() == '\r' && peek(1) == '\n');
    }

    /** After an attribute or a block: the end of the line (or of the file, or the closing brace of the block). */
    private void endOfLine(String after, boolean inBlock) throws HclSyntaxException {
        boolean saved = newlines;
        newlines = true;
        skipSpace();
        newlines = saved;
        if (pos >= limit || (inBlock && peek() == '}')) {
            return;
        }
        if (!atNewline()) {
            throw error(pos, "expected a newline after " + after + ", found " + describe(pos));
        }
    }

    // ---- identifiers ----

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private String identifier() {
        if (pos >= limit || !isIdentStart(src.charAt(pos))) {
            return null;
        }
        int start = pos;
        while (pos < limit && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    /** The keyword {@code word} at the current position, not followed by more identifier characters. */
    private boolean keyword(String word) {
        return at(word) && !(pos + word.length() < limit && isIdentPart(src.charAt(pos + word.length())));
    }

    // ---- structure ----

    private HclBody parseBody(boolean inBlock) throws HclSyntaxException {
        enter();
        int bodyStart = pos;
        Map<String, HclBody.Attribute> attributes = new LinkedHashMap<>();
        List<HclBody.Block> blocks = new ArrayList<>();
        while (true) {
            skipBlankLines();
            if (pos >= limit) {
                break;
            }
            if (inBlock && peek() == '}') {
                break;
            }
            int start = pos;
            String name = identifier();
            if (name == null) {
                throw error(pos, "expected an attribute name or a block type, found " + describe(pos));
            }
            skipSpace();
            if (peek() == '=' && peek(1) != '=') {
                pos++;
                HclExpression value = expression();
                HclBody.Attribute previous = attributes.get(name);
                if (previous != null) {
                    throw error(start, "attribute \"" + name + "\" is already defined at line "
                            + previous.location().line());
                }
                attributes.put(name, new HclBody.Attribute(name, value, loc(start)));
                endOfLine("the value of attribute \"" + name + "\"", inBlock);
            } else if (peek() == '"' || peek() == '{' || isIdentStart(peek())) {
                List<String> labels = new ArrayList<>();
                while (peek() != '{') {
                    if (peek() == '"') {
                        labels.add(stringLiteral("a block label"));
                    } else {
                        String label = identifier();
                        if (label == null) {
                            throw error(pos, "expected a block label or {, found " + describe(pos));
                        }
                        labels.add(label);
                    }
                    skipSpace();
                }
                int open = pos;
                pos++;
                HclBody body = parseBody(true);
                if (peek() != '}' || pos >= limit) {
                    throw error(open, "block \"" + name + "\" is not closed: missing }");
                }
                int endLine = loc(pos).line();
                pos++;
                blocks.add(new HclBody.Block(name, labels, body, loc(start), endLine));
                endOfLine("the block \"" + name + "\"", inBlock);
            } else {
                throw error(pos, "expected = or a block after \"" + name + "\", found " + describe(pos));
            }
        }
        depth--;
        return new HclBody(attributes, blocks, loc(bodyStart));
    }

    /** A quoted string without interpolation (block labels). */
    private String stringLiteral(String what) throws HclSyntaxException {
        int start = pos;
        HclExpression t = term();
        if (t instanceof HclExpression.Template tpl) {
            StringBuilder b = new StringBuilder();
            for (TemplatePart p : tpl.parts()) {
                if (!(p instanceof TemplatePart.Literal l)) {
                    throw error(start, what + " cannot contain interpolations or directives");
                }
                b.append(l.text());
            }
            return b.toString();
        }
        throw error(start, "expected " + what);
    }

    // ---- expressions ----

    private HclExpression expression() throws HclSyntaxException {
        enter();
        int start = skipThenPos();
        HclExpression condition = binary(0);
        skipSpace();
        HclExpression out = condition;
        if (peek() == '?') {
            pos++;
            HclExpression whenTrue = expression();
            skipSpace();
            expect(':', "the : of a conditional expression (cond ? a : b)");
            HclExpression whenFalse = expression();
            out = new HclExpression.Conditional(condition, whenTrue, whenFalse, span(start));
        }
        depth--;
        return out;
    }

    private int skipThenPos() throws HclSyntaxException {
        skipSpace();
        return pos;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"}, {"*", "/", "%"}};

    private HclExpression binary(int level) throws HclSyntaxException {
        if (level == LEVELS.length) {
            return unary();
        }
        int start = skipThenPos();
        HclExpression left = binary(level + 1);
        while (true) {
            skipSpace();
            HclExpression.Operator op = operator(level);
            if (op == null) {
                return left;
            }
            HclExpression right = binary(level + 1);
            left = new HclExpression.Binary(op, left, right, span(start));
        }
    }

    private HclExpression.Operator operator(int level) {
        for (String s : LEVELS[level]) {
            if (at(s)) {
                // "=>" and "<<" are not operators; neither is "/" starting a comment (skipped already)
                if (s.equals("<") && at("<<")) {
                    return null;
                }
                if (s.equals("%") && at("%{")) {
                    return null;
                }
                pos += s.length();
                return switch (s) {
                    case "||" -> HclExpression.Operator.OR;
                    case "&&" -> HclExpression.Operator.AND;
                    case "==" -> HclExpression.Operator.EQUAL;
                    case "!=" -> HclExpression.Operator.NOT_EQUAL;
                    case "<=" -> HclExpression.Operator.LESS_OR_EQUAL;
                    case ">=" -> HclExpression.Operator.GREATER_OR_EQUAL;
                    case "<" -> HclExpression.Operator.LESS;
                    case ">" -> HclExpression.Operator.GREATER;
                    case "+" -> HclExpression.Operator.ADD;
                    case "-" -> HclExpression.Operator.SUBTRACT;
                    case "*" -> HclExpression.Operator.MULTIPLY;
                    case "/" -> HclExpression.Operator.DIVIDE;
                    default -> HclExpression.Operator.MODULO;
                };
            }
        }
        return null;
    }

    private HclExpression unary() throws HclSyntaxException {
        int start = skipThenPos();
        if (peek() == '!' && peek(1) != '=') {
            pos++;
            enter();
            HclExpression operand = unary();
            depth--;
            return new HclExpression.Unary(HclExpression.Operator.NOT, operand, span(start));
        }
        if (peek() == '-') {
            pos++;
            enter();
            HclExpression operand = unary();
            depth--;
            return new HclExpression.Unary(HclExpression.Operator.NEGATE, operand, span(start));
        }
        return postfix(term(), start);
    }

    private HclExpression postfix(HclExpression source, int start) throws HclSyntaxException {
        HclExpression e = source;
        while (true) {
            int mark = pos;
            skipSpace();
            if (peek() == '.' && peek(1) == '*') {
                pos += 2;
                HclExpression each = new HclExpression.SplatItem(span(pos));
                int eachStart = pos;
                while (peek() == '.' && peek(1) != '*' && !at("...")) {
                    each = attributeStep(each, eachStart);
                }
                e = new HclExpression.Splat(e, each, false, span(start));
            } else if (peek() == '.' && !at("...")) {
                e = attributeStep(e, start);
            } else if (peek() == '[' && splatBrackets()) {
                HclExpression each = new HclExpression.SplatItem(span(pos));
                int eachStart = pos;
                while (true) {
                    if (peek() == '.' && peek(1) != '*' && !at("...")) {
                        each = attributeStep(each, eachStart);
                    } else if (peek() == '[' && !splatBrackets()) {
                        each = indexStep(each, eachStart);
                    } else {
                        break;
                    }
                }
                e = new HclExpression.Splat(e, each, true, span(start));
            } else if (peek() == '[') {
                e = indexStep(e, start);
            } else {
                pos = mark;
                return e;
            }
        }
    }

    /** At {@code [}: is it {@code [*]}? Consumes it when it is. */
    private boolean splatBrackets() {
        int p = pos + 1;
        while (p < limit && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            p++;
        }
        if (p >= limit || src.charAt(p) != '*') {
            return false;
        }
        p++;
        while (p < limit && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            p++;
        }
        if (p < limit && src.charAt(p) == ']') {
            pos = p + 1;
            return true;
        }
        return false;
    }

    private HclExpression attributeStep(HclExpression source, int start) throws HclSyntaxException {
        pos++; // '.'
        if (Character.isDigit(peek())) {
            int s = pos;
            while (Character.isDigit(peek())) {
                pos++;
            }
            HclExpression key = new HclExpression.Literal(new BigDecimal(src.substring(s, pos)), span(s));
            return new HclExpression.Index(source, key, span(start));
        }
        String name = identifier();
        if (name == null) {
            throw error(pos, "expected an attribute name after \".\", found " + describe(pos));
        }
        return new HclExpression.GetAttr(source, name, span(start));
    }

    private HclExpression indexStep(HclExpression source, int start) throws HclSyntaxException {
        pos++; // '['
        boolean saved = newlines;
        newlines = false;
        HclExpression key = expression();
        skipSpace();
        expect(']', "] to close the index");
        newlines = saved;
        return new HclExpression.Index(source, key, span(start));
    }

    private HclExpression term() throws HclSyntaxException {
        int start = skipThenPos();
        char c = peek();
        if (pos >= limit) {
            throw error(pos, "expected an expression, found end of file");
        }
        if (c == '(') {
            pos++;
            boolean saved = newlines;
            newlines = false;
            HclExpression inner = expression();
            skipSpace();
            expect(')', ") to close the parenthesis");
            newlines = saved;
            return new HclExpression.Parenthesis(inner, span(start));
        }
        if (c == '[') {
            return tuple(start);
        }
        if (c == '{') {
            return object(start);
        }
        if (c == '"') {
            pos++;
            List<TemplatePart> parts = templateParts(true, -1);
            return new HclExpression.Template(parts, span(start));
        }
        if (c == '<' && peek(1) == '<') {
            return heredoc(start);
        }
        if (Character.isDigit(c)) {
            return number(start);
        }
        if (isIdentStart(c)) {
            String name = identifier();
            switch (name) {
                case "true":
                    return new HclExpression.Literal(Boolean.TRUE, span(start));
                case "false":
                    return new HclExpression.Literal(Boolean.FALSE, span(start));
                case "null":
                    return new HclExpression.Literal(null, span(start));
                default:
                    break;
            }
            int mark = pos;
            StringBuilder full = new StringBuilder(name);
            // provider-defined functions: provider::aws::arn_parse(...)
            while (at("::")) {
                pos += 2;
                String part = identifier();
                if (part == null) {
                    throw error(pos, "expected a function name after ::, found " + describe(pos));
                }
                full.append("::").append(part);
            }
            int afterName = pos;
            while (peek() == ' ' || peek() == '\t') {
                pos++;
            }
            if (peek() == '(') {
                return call(full.toString(), start);
            }
            if (afterName != mark) {
                throw error(pos, "expected ( after the function name " + full + ", found " + describe(pos));
            }
            pos = mark;
            return new HclExpression.Variable(name, span(start));
        }
        throw error(pos, "expected an expression, found " + describe(pos));
    }

    private HclExpression number(int start) throws HclSyntaxException {
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (peek() == '.' && Character.isDigit(peek(1))) {
            pos++;
            while (Character.isDigit(peek())) {
                pos++;
            }
        }
        if ((peek() == 'e' || peek() == 'E')
                && (Character.isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2))))) {
            pos += 2;
            while (Character.isDigit(peek())) {
                pos++;
            }
        }
        String raw = src.substring(start, pos);
        if (isIdentStart(peek())) {
            throw error(start, "invalid number " + raw + peek());
        }
        return new HclExpression.Literal(new BigDecimal(raw), span(start));
    }

    private HclExpression call(String name, int start) throws HclSyntaxException {
        pos++; // '('
        boolean saved = newlines;
        newlines = false;
        List<HclExpression> args = new ArrayList<>();
        boolean expand = false;
        while (true) {
            skipSpace();
            if (peek() == ')') {
                pos++;
                break;
            }
            args.add(expression());
            skipSpace();
            if (at("...")) {
                pos += 3;
                expand = true;
                skipSpace();
                expect(')', ") after the expanded argument ... of " + name + "()");
                break;
            }
            if (peek() == ',') {
                pos++;
                continue;
            }
            if (peek() == ')') {
                pos++;
                break;
            }
            throw error(pos, "expected , or ) in the arguments of " + name + "(), found " + describe(pos));
        }
        newlines = saved;
        return new HclExpression.FunctionCall(name, args, expand, span(start));
    }

    /** At {@code [} or <code>{</code>: is the next word {@code for} followed by a variable name? */
    private boolean atFor() {
        int p = pos + 1;
        while (p < limit && Character.isWhitespace(src.charAt(p))) {
            p++;
        }
        if (!src.startsWith("for", p)) {
            return false;
        }
        p += 3;
        int ws = p;
        while (p < limit && (src.charAt(p) == ' ' || src.charAt(p) == '\t' || src.charAt(p) == '\n'
                || src.charAt(p) == '\r')) {
            p++;
        }
        return p > ws && p < limit && isIdentStart(src.charAt(p));
    }

    private HclExpression tuple(int start) throws HclSyntaxException {
        if (atFor()) {
            return forExpression(start, ']');
        }
        pos++;
        boolean saved = newlines;
        newlines = false;
        List<HclExpression> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == ']') {
                pos++;
                break;
            }
            items.add(expression());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                break;
            } else {
                throw error(pos, "expected , or ] in the list, found " + describe(pos));
            }
        }
        newlines = saved;
        return new HclExpression.Tuple(items, span(start));
    }

    private HclExpression object(int start) throws HclSyntaxException {
        if (atFor()) {
            return forExpression(start, '}');
        }
        pos++;
        boolean saved = newlines;
        newlines = true;
        List<HclExpression.ObjectItem> items = new ArrayList<>();
        while (true) {
            skipBlankLines();
            if (pos >= limit) {
                throw error(start, "the object is not closed: missing }");
            }
            if (peek() == '}') {
                pos++;
                break;
            }
            boolean keySaved = newlines;
            newlines = false;
            HclExpression key = expression();
            newlines = keySaved;
            if (key instanceof HclExpression.Variable v) {
                key = new HclExpression.Literal(v.name(), v.span());
            }
            skipSpace();
            if ((peek() == '=' && peek(1) != '=' && peek(1) != '>') || peek() == ':') {
                pos++;
            } else {
                throw error(pos, "expected = or : after the object key " + brief(key.text()) + ", found " + describe(pos));
            }
            HclExpression value = expression();
            items.add(new HclExpression.ObjectItem(key, value));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                break;
            } else if (!atNewline()) {
                throw error(pos, "expected , or a newline between object items, found " + describe(pos));
            }
        }
        newlines = saved;
        return new HclExpression.ObjectCons(items, span(start));
    }

    private HclExpression forExpression(int start, char closer) throws HclSyntaxException {
        pos++; // '[' or '{'
        boolean saved = newlines;
        newlines = false;
        skipSpace();
        pos += 3; // "for"
        skipSpace();
        String first = identifier();
        String second = null;
        skipSpace();
        if (peek() == ',') {
            pos++;
            skipSpace();
            second = identifier();
            if (second == null) {
                throw error(pos, "expected a second variable name after , in the for expression");
            }
            skipSpace();
        }
        if (!keyword("in")) {
            throw error(pos, "expected \"in\" in the for expression, found " + describe(pos));
        }
        pos += 2;
        HclExpression collection = expression();
        skipSpace();
        expect(':', ": after the collection of the for expression");
        HclExpression keyResult = null;
        HclExpression valueResult;
        boolean grouping = false;
        if (closer == '}') {
            keyResult = expression();
            skipSpace();
            if (!at("=>")) {
                throw error(pos, "expected => in the object for expression, found " + describe(pos));
            }
            pos += 2;
            valueResult = expression();
            skipSpace();
            if (at("...")) {
                pos += 3;
                grouping = true;
            }
        } else {
            valueResult = expression();
        }
        skipSpace();
        HclExpression condition = null;
        if (keyword("if")) {
            pos += 2;
            condition = expression();
            skipSpace();
        }
        expect(closer, closer + " to close the for expression");
        newlines = saved;
        String keyVar = second == null ? null : first;
        String valueVar = second == null ? first : second;
        return new HclExpression.ForExpr(keyVar, valueVar, collection, keyResult, valueResult, condition, grouping,
                span(start));
    }

    // ---- templates ----

    private HclExpression heredoc(int start) throws HclSyntaxException {
        pos += 2;
        boolean flush = false;
        if (peek() == '-') {
            flush = true;
            pos++;
        }
        String marker = identifier();
        if (marker == null) {
            throw error(pos, "expected a heredoc marker such as EOT after <<, found " + describe(pos));
        }
        if (peek() == '\r') {
            pos++;
        }
        if (peek() != '\n') {
            throw error(pos, "expected a newline after the heredoc marker <<" + (flush ? "-" : "") + marker
                    + ", found " + describe(pos));
        }
        pos++;
        int contentStart = pos;
        int line = pos;
        int contentEnd = -1;
        int markerEnd = -1;
        while (line <= src.length()) {
            int nl = src.indexOf('\n', line);
            int lineEnd = nl < 0 ? src.length() : nl;
            if (src.substring(line, lineEnd).strip().equals(marker)) {
                contentEnd = line;
                markerEnd = lineEnd;
                break;
            }
            if (nl < 0) {
                break;
            }
            line = nl + 1;
        }
        if (contentEnd < 0) {
            throw error(start, "heredoc <<" + (flush ? "-" : "") + marker + " is not closed: no line with "
                    + marker + " alone follows");
        }
        int indent = -1;
        if (flush) {
            int l = contentStart;
            while (l < contentEnd) {
                int nl = src.indexOf('\n', l);
                int lineEnd = nl < 0 || nl > contentEnd ? contentEnd : nl;
                int k = l;
                while (k < lineEnd && indentation(src.charAt(k))) {
                    k++;
                }
                if (k < lineEnd && src.charAt(k) != '\r') {
                    indent = indent < 0 ? k - l : Math.min(indent, k - l);
                }
                l = lineEnd + 1;
            }
            if (indent < 0) {
                indent = 0;
            }
        }
        int savedLimit = limit;
        limit = contentEnd;
        List<TemplatePart> parts = templateParts(false, indent);
        limit = savedLimit;
        pos = markerEnd;
        return new HclExpression.Template(parts, span(start));
    }

    /** Leading whitespace of a {@code <<-} heredoc line: spaces, tabs and Unicode spaces count one each (as HCL). */
    private static boolean indentation(char c) {
        return c != '\n' && c != '\r' && (Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    /** One piece of a template before strip markers and directive nesting are applied. */
    private record Piece(String kind, StringBuilder text, HclExpression expression, String keyVar, String valueVar,
                         boolean stripBefore, boolean stripAfter, int at) {
    }

    /**
     * A template's parts up to the closing quote ({@code quoted}) or {@link #limit}. {@code flushIndent} >= 0
     * removes that many leading spaces from each line ({@code <<-} heredocs).
     */
    private List<TemplatePart> templateParts(boolean quoted, int flushIndent) throws HclSyntaxException {
        int templateStart = pos;
        List<Piece> pieces = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        boolean lineStart = true;
        while (true) {
            if (lineStart && flushIndent > 0) {
                int k = 0;
                while (k < flushIndent && pos < limit && indentation(src.charAt(pos))) {
                    pos++;
                    k++;
                }
            }
            lineStart = false;
            if (pos >= limit) {
                if (quoted) {
                    throw error(templateStart - 1, "string is not closed: missing \"");
                }
                break;
            }
            char c = src.charAt(pos);
            if (quoted && c == '"') {
                pos++;
                break;
            }
            if (quoted && (c == '\n' || c == '\r')) {
                throw error(templateStart - 1, "string is not closed on its line (a quoted string cannot span "
                        + "lines; use a heredoc <<EOT for text on several lines)");
            }
            if (quoted && c == '\\') {
                escape(lit);
                continue;
            }
            if ((c == '$' || c == '%') && peek(1) == c && peek(2) == '{') {
                lit.append(c).append('{');
                pos += 3;
                continue;
            }
            if ((c == '$' || c == '%') && peek(1) == '{') {
                if (lit.length() > 0) {
                    pieces.add(new Piece("lit", lit, null, null, null, false, false, pos));
                    lit = new StringBuilder();
                }
                pieces.add(c == '$' ? interpolation() : directive());
                continue;
            }
            lit.append(c);
            pos++;
            if (c == '\n') {
                lineStart = true;
            }
        }
        if (lit.length() > 0) {
            pieces.add(new Piece("lit", lit, null, null, null, false, false, pos));
        }
        // strip markers: ~ trims the whitespace of the adjacent literal
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (p.stripBefore() && i > 0 && pieces.get(i - 1).kind().equals("lit")) {
                StringBuilder t = pieces.get(i - 1).text();
                int end = t.length();
                while (end > 0 && Character.isWhitespace(t.charAt(end - 1))) {
                    end--;
                }
                t.setLength(end);
            }
            if (p.stripAfter() && i + 1 < pieces.size() && pieces.get(i + 1).kind().equals("lit")) {
                StringBuilder t = pieces.get(i + 1).text();
                int k = 0;
                while (k < t.length() && Character.isWhitespace(t.charAt(k))) {
                    k++;
                }
                t.delete(0, k);
            }
        }
        int[] cursor = {0};
        List<TemplatePart> parts = nest(pieces, cursor, null);
        return parts;
    }

    private void escape(StringBuilder lit) throws HclSyntaxException {
        int at = pos;
        char e = peek(1);
        pos += 2;
        switch (e) {
            case 'n' -> lit.append('\n');
            case 'r' -> lit.append('\r');
            case 't' -> lit.append('\t');
            case '"' -> lit.append('"');
            case '\\' -> lit.append('\\');
            case 'u', 'U' -> {
                int n = e == 'u' ? 4 : 8;
                if (pos + n > limit) {
                    throw error(at, "invalid escape \\" + e + ": expected " + n + " hexadecimal digits");
                }
                String hex = src.substring(pos, pos + n);
                int cp;
                try {
                    cp = Integer.parseInt(hex, 16);
                } catch (NumberFormatException x) {
                    throw error(at, "invalid escape \\" + e + hex + ": expected " + n + " hexadecimal digits");
                }
                if (!Character.isValidCodePoint(cp)) {
                    throw error(at, "invalid escape \\" + e + hex + ": not a Unicode code point");
                }
                lit.appendCodePoint(cp);
                pos += n;
            }
            default -> throw error(at, "invalid escape sequence \\" + (e == '\0' ? "" : String.valueOf(e))
                    + " (use \\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN)");
        }
    }

    private Piece interpolation() throws HclSyntaxException {
        int at = pos;
        pos += 2;
        boolean stripBefore = false;
        if (peek() == '~') {
            stripBefore = true;
            pos++;
        }
        boolean saved = newlines;
        newlines = false;
        HclExpression e = expression();
        skipSpace();
        boolean stripAfter = false;
        if (peek() == '~') {
            stripAfter = true;
            pos++;
        }
        if (peek() != '}' || pos >= limit) {
            throw error(pos, "expected } to close the interpolation ${ at " + loc(at).line() + ":"
                    + loc(at).column() + ", found " + describe(pos));
        }
        pos++;
        newlines = saved;
        return new Piece("interp", null, e, null, null, stripBefore, stripAfter, at);
    }

    private Piece directive() throws HclSyntaxException {
        int at = pos;
        pos += 2;
        boolean stripBefore = false;
        if (peek() == '~') {
            stripBefore = true;
            pos++;
        }
        boolean saved = newlines;
        newlines = false;
        skipSpace();
        String word = identifier();
        if (word == null) {
            throw error(pos, "expected if, else, endif, for or endfor after %{, found " + describe(pos));
        }
        HclExpression e = null;
        String keyVar = null;
        String valueVar = null;
        switch (word) {
            case "if" -> e = expression();
            case "for" -> {
                skipSpace();
                String first = identifier();
                if (first == null) {
                    throw error(pos, "expected a variable name after %{ for, found " + describe(pos));
                }
                skipSpace();
                String second = null;
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                    second = identifier();
                    skipSpace();
                }
                if (!keyword("in")) {
                    throw error(pos, "expected \"in\" in the %{ for } directive, found " + describe(pos));
                }
                pos += 2;
                e = expression();
                keyVar = second == null ? null : first;
                valueVar = second == null ? first : second;
            }
            case "else", "endif", "endfor" -> {
            }
            default -> throw error(at, "unknown template directive %{ " + word
                    + " } (expected if, else, endif, for or endfor)");
        }
        skipSpace();
        boolean stripAfter = false;
        if (peek() == '~') {
            stripAfter = true;
            pos++;
        }
        if (peek() != '}' || pos >= limit) {
            throw error(pos, "expected } to close the %{ " + word + " } directive, found " + describe(pos));
        }
        pos++;
        newlines = saved;
        return new Piece(word, null, e, keyVar, valueVar, stripBefore, stripAfter, at);
    }

    /** Nests directives: reads pieces until one of {@code until} ("else", "endif", "endfor") or the end. */
    private List<TemplatePart> nest(List<Piece> pieces, int[] cursor, String opener) throws HclSyntaxException {
        List<TemplatePart> out = new ArrayList<>();
        while (cursor[0] < pieces.size()) {
            Piece p = pieces.get(cursor[0]);
            switch (p.kind()) {
                case "lit" -> {
                    cursor[0]++;
                    if (p.text().length() > 0) {
                        out.add(new TemplatePart.Literal(p.text().toString()));
                    }
                }
                case "interp" -> {
                    cursor[0]++;
                    out.add(new TemplatePart.Interpolation(p.expression()));
                }
                case "if" -> {
                    cursor[0]++;
                    List<TemplatePart> whenTrue = nest(pieces, cursor, "if");
                    List<TemplatePart> whenFalse = List.of();
                    if (cursor[0] < pieces.size() && pieces.get(cursor[0]).kind().equals("else")) {
                        cursor[0]++;
                        whenFalse = nest(pieces, cursor, "else");
                    }
                    if (cursor[0] >= pieces.size() || !pieces.get(cursor[0]).kind().equals("endif")) {
                        throw error(p.at(), "%{ if } is not closed with %{ endif }");
                    }
                    cursor[0]++;
                    out.add(new TemplatePart.If(p.expression(), whenTrue, whenFalse));
                }
                case "for" -> {
                    cursor[0]++;
                    List<TemplatePart> body = nest(pieces, cursor, "for");
                    if (cursor[0] >= pieces.size() || !pieces.get(cursor[0]).kind().equals("endfor")) {
                        throw error(p.at(), "%{ for } is not closed with %{ endfor }");
                    }
                    cursor[0]++;
                    out.add(new TemplatePart.For(p.keyVar(), p.valueVar(), p.expression(), body));
                }
                default -> {
                    // else / endif / endfor: closes the directive being read, if it is the right one
                    boolean fits = switch (p.kind()) {
                        case "else" -> "if".equals(opener);
                        case "endif" -> "if".equals(opener) || "else".equals(opener);
                        default -> "for".equals(opener);
                    };
                    if (!fits) {
                        throw error(p.at(), "unexpected %{ " + p.kind() + " }"
                                + (opener == null ? "" : " inside %{ " + opener + " }"));
                    }
                    return out;
                }
            }
        }
        return out;
    }
}
