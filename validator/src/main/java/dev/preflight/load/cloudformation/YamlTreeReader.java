package dev.preflight.load.cloudformation;

import dev.preflight.load.InputBudget;
import dev.preflight.load.InputException;
import dev.preflight.load.SourceText;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a CloudFormation YAML template into the raw {@link Value} tree JSON templates get, with 1-based positions
 * and the position of every mapping key.
 *
 * <p>SnakeYAML {@code compose()} is YAML 1.1, as CloudFormation and cfn-lint read it: plain {@code yes/no/on/off}
 * are booleans, {@code 0755} is an octal integer (kept as written in {@link Value.Num#raw()}), quoted scalars stay
 * text, timestamps stay text. Short tags become the long form ({@code !Ref X} = {@code {"Ref": X}},
 * {@code !GetAtt A.B} = {@code {"Fn::GetAtt": [A, B]}}, {@code !Condition X} = {@code {"Condition": X}}); other
 * {@code !Tags} keep their value.
 *
 * <p>Limits for hostile files: {@value #MAX_ALIASES} aliases to collections, nesting {@value #MAX_DEPTH} deep, and
 * the {@link InputBudget}s: values and text after alias expansion (counted while SnakeYAML composes, so a huge
 * file is refused before its node tree fills the heap, and again at every use of an alias), the length of a token;
 * duplicate keys are errors.
 */
final class YamlTreeReader {
    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 200;

    private static final Set<String> SHORT_FUNCTIONS = Set.of("Sub", "Join", "Select", "Split", "If", "Equals", "And",
            "Or", "Not", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Transform", "ToJsonString",
            "Length", "ForEach");

    private final String file;
    private final KeyLocations keys;
    private final Map<Node, Value> built = new IdentityHashMap<>();
    private final Map<Node, Long> sizes = new IdentityHashMap<>();
    private final Map<Node, Long> textSizes = new IdentityHashMap<>();
    private final Set<Node> building = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final InputBudget.Meter meter;
    private long total;
    private long text;
    private boolean aliased;

    private YamlTreeReader(String file, KeyLocations keys, InputBudget.Meter meter) {
        this.file = file;
        this.keys = keys;
        this.meter = meter;
    }

    /** Counts the nodes of the text as SnakeYAML composes them: a huge file stops before its tree is complete. */
    private static final class CountingComposer extends Composer {
        private final InputBudget.Meter meter;

        CountingComposer(ParserImpl parser, LoaderOptions options, InputBudget.Meter meter) {
            super(parser, new Resolver(), options);
            this.meter = meter;
        }

        private Node counted(Node n) {
            Mark m = n.getStartMark();
            meter.values(1, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "the YAML has");
            return n;
        }

        @Override
        protected Node composeScalarNode(String anchor, List<org.yaml.snakeyaml.comments.CommentLine> comments) {
            return counted(super.composeScalarNode(anchor, comments));
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            return counted(super.composeSequenceNode(anchor));
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            return counted(super.composeMappingNode(anchor));
        }
    }

    /**
     * The first run of more than {@link InputBudget#YAML_TOKEN_CHARS} characters without a space or line break, as
     * a refusal, or null. SnakeYAML's reader copies its window for every 1,024 characters of one token, so its time
     * grows with the square of the token's length (4 MiB: 40 s); JSON has no such cost.
     */
    private static InputException longToken(String text, String file) {
        int run = 0;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                run = 0;
                if (c == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            } else if (++run > InputBudget.YAML_TOKEN_CHARS) {
                int column = i - run + 2 - lineStart;
                return new InputException(file, line, column, String.format(java.util.Locale.ROOT, "over budget: a "
                        + "YAML token longer than %,d characters (without a space or line break), the budget of token "
                        + "length; break the value into lines (a '|' or '>' block) or write the template as JSON",
                        InputBudget.YAML_TOKEN_CHARS));
            }
        }
        return null;
    }

    /** The raw tree; key positions are recorded in {@code keys}. */
    static Value read(SourceText source, KeyLocations keys) throws InputException {
        String file = source.displayPath();
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) InputBudget.BYTES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        InputException tooLong = longToken(source.text(), file);
        if (tooLong != null) {
            throw tooLong;
        }
        InputBudget.Meter meter = InputBudget.meter(file);
        Node root;
        try {
            Composer composer = new CountingComposer(new ParserImpl(new StreamReader(new StringReader(source.text())),
                    options), options, meter);
            root = composer.getSingleNode();
        } catch (InputBudget.Exceeded e) {
            throw new InputException(e.failure());
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
            String context = e.getContext() != null ? firstLine(e.getContext()) + ", " : "";
            throw new InputException(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                    "invalid YAML: " + context + firstLine(problem) + "; fix the YAML syntax");
        } catch (YAMLException e) {
            throw new InputException(file, 0, 0, "YAML refused: " + firstLine(e.getMessage())
                    + "; templates do not need that many aliases, that deep nesting or that much text");
        } catch (IllegalArgumentException e) {
            // SnakeYAML rejects some malformed tags (such as "!%aA") with a bare IllegalArgumentException (found by fuzzing)
            throw new InputException(file, 0, 0, "invalid YAML: " + firstLine(e.getMessage()) + "; fix the YAML syntax");
        }
        if (root == null) {
            throw new InputException(file, 1, 1, "empty file; expected a CloudFormation template");
        }
        meter.restart();
        try {
            return new YamlTreeReader(file, keys, meter).build(root, 0);
        } catch (InputBudget.Exceeded e) {
            throw new InputException(e.failure());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int cut = s.indexOf('\n');
        return (cut < 0 ? s : s.substring(0, cut)).trim();
    }

    private SourceLocation at(Node n) {
        Mark m = n.getStartMark();
        return m == null ? SourceLocation.ofFile(file) : new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private Value build(Node node, int depth) throws InputException {
        if (depth > MAX_DEPTH) {
            fail(node, "YAML nested deeper than " + MAX_DEPTH + " levels; not a template");
        }
        if (node.getAnchor() == null) {
            count(1, node instanceof ScalarNode s ? s.getValue().length() : 0, node);
            return buildNew(node, depth);
        }
        // an anchored node may be used again through aliases: the tree is immutable, so the value is shared,
        // and its expanded size (values and text) counts against the budgets at every use
        Value done = built.get(node);
        if (done != null) {
            aliased = true;
            count(sizes.get(node), textSizes.get(node), node);
            return done;
        }
        if (!building.add(node)) {
            fail(node, "recursive YAML alias (a node that contains itself); remove the alias");
        }
        long before = total;
        long textBefore = text;
        count(1, node instanceof ScalarNode s ? s.getValue().length() : 0, node);
        Value v = buildNew(node, depth);
        building.remove(node);
        built.put(node, v);
        sizes.put(node, total - before);
        textSizes.put(node, text - textBefore);
        return v;
    }

    private void count(long n, long chars, Node node) {
        total += n;
        text += chars;
        Mark m = node.getStartMark();
        int line = m == null ? 0 : m.getLine() + 1;
        int column = m == null ? 0 : m.getColumn() + 1;
        meter.values(n, line, column, aliased ? "YAML aliases expand to" : "the YAML has");
        meter.text(chars, line, column);
    }

    private void fail(Node n, String message) throws InputException {
        SourceLocation l = at(n);
        throw new InputException(file, l.line(), l.column(), message);
    }

    private Value buildNew(Node node, int depth) throws InputException {
        String tag = node.getTag().getValue();
        if (tag.startsWith("!") && !tag.startsWith("!!")) {
            String name = tag.substring(1);
            SourceLocation loc = at(node);
            if (name.equals("Ref") || name.equals("Condition")) {
                return wrap(name, plain(node, depth), loc);
            }
            if (name.equals("GetAtt")) {
                if (node instanceof ScalarNode s) {
                    String text = s.getValue();
                    int dot = text.indexOf('.');
                    List<Value> parts = dot < 0 ? List.of(new Value.Text(text, loc))
                            : List.of(new Value.Text(text.substring(0, dot), loc),
                            new Value.Text(text.substring(dot + 1), loc));
                    return wrap("Fn::GetAtt", new Value.Seq(parts, loc), loc);
                }
                return wrap("Fn::GetAtt", plain(node, depth), loc);
            }
            if (SHORT_FUNCTIONS.contains(name)) {
                return wrap("Fn::" + name, plain(node, depth), loc);
            }
            // an unknown local tag: keep the value
            return plain(node, depth);
        }
        return plain(node, depth);
    }

    private static Value wrap(String key, Value inner, SourceLocation loc) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put(key, inner);
        return new Value.Struct(m, loc);
    }

    /** The node's value ignoring a local tag (a tagged scalar is text). */
    private Value plain(Node node, int depth) throws InputException {
        SourceLocation loc = at(node);
        if (node instanceof ScalarNode s) {
            return scalar(s, loc);
        }
        if (node instanceof SequenceNode seq) {
            List<Value> items = new ArrayList<>(seq.getValue().size());
            for (Node item : seq.getValue()) {
                items.add(build(item, depth + 1));
            }
            return new Value.Seq(items, loc);
        }
        MappingNode map = (MappingNode) node;
        Map<String, Value> fields = new LinkedHashMap<>();
        Map<String, SourceLocation> keyAt = new HashMap<>();
        List<Value.Struct> merged = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (k.getTag().equals(Tag.MERGE)) {
                // YAML 1.1 merge key (<<: *base), as PyYAML-based tools read it: explicit keys win
                Value base = build(t.getValueNode(), depth + 1);
                for (Value b : base instanceof Value.Seq s ? s.items() : List.of(base)) {
                    if (b instanceof Value.Struct bs) {
                        merged.add(bs);
                    } else {
                        fail(t.getValueNode(), "a merge key (<<) must name a mapping or a list of mappings");
                    }
                }
                continue;
            }
            if (!(k instanceof ScalarNode ks)) {
                fail(k, "a mapping key must be a plain text, not a list or mapping");
                return null;
            }
            String key = ks.getValue();
            SourceLocation kl = at(k);
            SourceLocation first = keyAt.putIfAbsent(key, kl);
            if (first != null) {
                throw new InputException(file, kl.line(), kl.column(), "duplicate key '" + key + "' (first at line "
                        + first.line() + "); remove one of them");
            }
            fields.put(key, build(t.getValueNode(), depth + 1));
        }
        for (Value.Struct base : merged) {
            for (Map.Entry<String, Value> e : base.fields().entrySet()) {
                if (fields.putIfAbsent(e.getKey(), e.getValue()) == null) {
                    keyAt.putIfAbsent(e.getKey(), keys.of(base, e.getKey()));
                }
            }
        }
        Value.Struct struct = new Value.Struct(fields, loc);
        keys.record(struct, keyAt);
        return struct;
    }

    private Value scalar(ScalarNode s, SourceLocation loc) throws InputException {
        String text = s.getValue();
        Tag tag = s.getTag();
        if (tag.equals(Tag.BOOL)) {
            String l = text.toLowerCase(java.util.Locale.ROOT);
            return new Value.Bool(l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y"), loc);
        }
        if (tag.equals(Tag.NULL)) {
            return new Value.Absent(loc);
        }
        if (tag.equals(Tag.INT)) {
            if (text.length() > InputBudget.NUMBER_DIGITS + 20) {
                throw new InputException(file, loc.line(), loc.column(), InputBudget.numberRefused(text));
            }
            BigInteger i = yaml11Int(text);
            return i == null ? new Value.Text(text, loc) : new Value.Num(new BigDecimal(i), text, loc);
        }
        if (tag.equals(Tag.FLOAT)) {
            BigDecimal d;
            try {
                d = InputBudget.number(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return new Value.Text(text, loc); // .inf, .nan, sexagesimal
            }
            if (d == null) {
                throw new InputException(file, loc.line(), loc.column(), InputBudget.numberRefused(text));
            }
            return new Value.Num(d, text, loc);
        }
        return new Value.Text(text, loc);
    }

    /** YAML 1.1 integer: sign, underscores, 0b binary, 0x hex, leading-0 octal, sexagesimal. */
    static BigInteger yaml11Int(String raw) {
        try {
            String v = raw.replace("_", "");
            int sign = 1;
            if (v.startsWith("-")) {
                sign = -1;
                v = v.substring(1);
            } else if (v.startsWith("+")) {
                v = v.substring(1);
            }
            BigInteger r;
            if (v.equals("0")) {
                r = BigInteger.ZERO;
            } else if (v.startsWith("0b")) {
                r = new BigInteger(v.substring(2), 2);
            } else if (v.startsWith("0x")) {
                r = new BigInteger(v.substring(2), 16);
            } else if (v.startsWith("0")) {
                r = new BigInteger(v.substring(1), 8);
            } else if (v.contains(":")) {
                r = BigInteger.ZERO;
                for (String digit : v.split(":")) {
                    r = r.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
                }
            } else {
                r = new BigInteger(v);
            }
            return sign < 0 ? r.negate() : r;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
