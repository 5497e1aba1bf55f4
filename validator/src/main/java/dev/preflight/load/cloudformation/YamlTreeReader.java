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
 * file is refused before its values fill the heap, and again at every use of an alias), the length of a token;
 * duplicate keys are errors. Each node becomes its value as soon as it is complete and is then dropped
 * ({@code BuildingComposer}), so memory holds the values and the path being composed, not the node tree.
 */
final class YamlTreeReader {
    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 200;
    /** Texts up to this length are shared (interned); longer ones are rarely repeated. */
    static final int SHARED_CHARS = 64;

    private static final Set<String> SHORT_FUNCTIONS = Set.of("Sub", "Join", "Select", "Split", "If", "Equals", "And",
            "Or", "Not", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Transform", "ToJsonString",
            "Length", "ForEach");

    private final String file;
    private final KeyLocations keys;
    private final InputBudget.Meter meter;
    /** Anchored nodes (which aliases may use again) with their value and its expanded size. */
    private final Map<Node, Anchored> anchored = new IdentityHashMap<>();
    /** Collections composed and converted, not yet taken by their parent. */
    private final Map<Node, Value> converted = new IdentityHashMap<>();
    /** Mappings being composed: the fields taken so far. */
    private final Map<Node, Fields> open = new IdentityHashMap<>();
    private long total;
    private long text;
    private boolean aliased;

    private YamlTreeReader(String file, KeyLocations keys, InputBudget.Meter meter) {
        this.file = file;
        this.keys = keys;
        this.meter = meter;
    }

    /** The value of an anchored node, its expanded size (values, characters) and whether its first use is past. */
    private static final class Anchored {
        final Value value;
        final long values;
        final long chars;
        boolean used;

        Anchored(Value value, long values, long chars) {
            this.value = value;
            this.values = values;
            this.chars = chars;
        }
    }

    /** The fields of a mapping being composed, in document order, with where each key is written. */
    private static final class Fields {
        final Map<String, Value> values = new LinkedHashMap<>();
        final Map<String, SourceLocation> at = new HashMap<>();
        final List<Value.Struct> merged = new ArrayList<>(0);
    }

    /** An {@link InputException} thrown from inside the composer, whose methods cannot throw checked exceptions. */
    private static final class Refused extends RuntimeException {
        final transient InputException reason;

        Refused(InputException reason) {
            super(null, null, false, false);
            this.reason = reason;
        }
    }

    /**
     * SnakeYAML's composer (its YAML 1.1 resolution, limits and errors), with every node turned into its
     * {@link Value} as soon as it is complete and then dropped: the node tree of a whole template (each node with
     * two marks holding the reader's buffer) is never in memory at once, only the path being composed.
     * Also counts the nodes as they are composed: a huge file stops before its values are complete.
     */
    private final class BuildingComposer extends Composer {
        private final InputBudget.Meter nodes;

        BuildingComposer(ParserImpl parser, LoaderOptions options, InputBudget.Meter nodes) {
            super(parser, new Resolver(), options);
            this.nodes = nodes;
        }

        private void counted(Node n) {
            Mark m = n.getStartMark();
            nodes.values(1, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "the YAML has");
        }

        @Override
        protected Node composeScalarNode(String anchor, List<org.yaml.snakeyaml.comments.CommentLine> comments) {
            Node n = super.composeScalarNode(anchor, comments);
            counted(n);
            return n;
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            long values = total;
            long chars = text;
            SequenceNode seq = (SequenceNode) super.composeSequenceNode(anchor);
            counted(seq);
            try {
                count(1, 0, seq);
                List<Value> items = new ArrayList<>(seq.getValue().size());
                for (Node item : seq.getValue()) {
                    items.add(take(item));
                }
                seq.getValue().clear();
                converted(seq, tagged(seq, new Value.Seq(items, at(seq))), values, chars);
            } catch (InputException e) {
                throw new Refused(e);
            }
            return seq;
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            long values = total;
            long chars = text;
            Node map = super.composeMappingNode(anchor);
            counted(map);
            count(1, 0, map);
            Fields fields = open.remove(map);
            converted(map, tagged(map, struct(fields, at(map))), values, chars);
            return map;
        }

        /** One key and value, taken into the mapping's fields at once: the mapping node keeps no children. */
        @Override
        protected void composeMappingChildren(List<NodeTuple> children, MappingNode node) {
            Node key = composeKeyNode(node);
            if (key.getTag().equals(Tag.MERGE)) {
                node.setMerged(true);
            }
            Node value = composeValueNode(node);
            try {
                add(open.computeIfAbsent(node, n -> new Fields()), key, value);
            } catch (InputException e) {
                throw new Refused(e);
            }
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
        YamlTreeReader reader = new YamlTreeReader(file, keys, InputBudget.meter(file));
        Node root;
        try {
            Composer composer = reader.new BuildingComposer(new ParserImpl(new StreamReader(
                    new StringReader(source.text())), options), options, InputBudget.meter(file));
            root = composer.getSingleNode();
            if (root == null) {
                throw new InputException(file, 1, 1, "empty file; expected a CloudFormation template");
            }
            return reader.take(root);
        } catch (Refused e) {
            throw e.reason;
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

    /** Counts one value (and its text) against the budgets; {@code n} and {@code chars} of a whole alias. */
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

    /** A collection is complete: its value waits for its parent (and for aliases, when it is anchored). */
    private void converted(Node node, Value value, long valuesBefore, long charsBefore) {
        if (node.getAnchor() != null) {
            anchored.put(node, new Anchored(value, total - valuesBefore, text - charsBefore));
        } else {
            converted.put(node, value);
        }
    }

    /**
     * The value of a complete node, as its parent takes it. A scalar is converted here; a collection was converted
     * when it completed. An anchored node used again through an alias is the same value, and its expanded size counts
     * against the budgets at every use.
     */
    private Value take(Node node) throws InputException {
        if (node.getAnchor() == null) {
            if (node instanceof ScalarNode s) {
                count(1, s.getValue().length(), node);
                return tagged(node, scalar(s, at(node)));
            }
            return converted.remove(node);
        }
        Anchored a = anchored.get(node);
        if (a == null) {
            if (!(node instanceof ScalarNode s)) {
                fail(node, "recursive YAML alias (a node that contains itself); remove the alias");
                return null;
            }
            long valuesBefore = total;
            long charsBefore = text;
            count(1, s.getValue().length(), node);
            a = new Anchored(tagged(node, scalar(s, at(node))), total - valuesBefore, text - charsBefore);
            a.used = true;
            anchored.put(node, a);
            return a.value;
        }
        if (a.used) {
            aliased = true;
            count(a.values, a.chars, node);
        }
        a.used = true;
        return a.value;
    }

    /** One key and its value into the fields of a mapping being composed (a merge key adds its mappings). */
    private void add(Fields fields, Node k, Node valueNode) throws InputException {
        if (k.getTag().equals(Tag.MERGE)) {
            // YAML 1.1 merge key (<<: *base), as PyYAML-based tools read it: explicit keys win
            Value base = take(valueNode);
            for (Value b : base instanceof Value.Seq s ? s.items() : List.of(base)) {
                if (b instanceof Value.Struct bs) {
                    fields.merged.add(bs);
                } else {
                    fail(valueNode, "a merge key (<<) must name a mapping or a list of mappings");
                }
            }
            return;
        }
        if (!(k instanceof ScalarNode ks)) {
            fail(k, "a mapping key must be a plain text, not a list or mapping");
            return;
        }
        String key = shared(ks.getValue());
        SourceLocation kl = at(k);
        SourceLocation first = fields.at.putIfAbsent(key, kl);
        if (first != null) {
            throw new InputException(file, kl.line(), kl.column(), "duplicate key '" + key + "' (first at line "
                    + first.line() + "); remove one of them");
        }
        fields.values.put(key, take(valueNode));
    }

    /** The struct of a complete mapping (null fields: an empty one), its key positions recorded in {@link #keys}. */
    private Value.Struct struct(Fields fields, SourceLocation loc) {
        if (fields == null) {
            return new Value.Struct(Map.of(), loc);
        }
        for (Value.Struct base : fields.merged) {
            for (Map.Entry<String, Value> e : base.fields().entrySet()) {
                if (fields.values.putIfAbsent(e.getKey(), e.getValue()) == null) {
                    fields.at.putIfAbsent(e.getKey(), keys.of(base, e.getKey()));
                }
            }
        }
        Value.Struct struct = new Value.Struct(fields.values, loc);
        keys.record(struct, fields.at);
        return struct;
    }

    /** A node's value with its local tag applied: short function tags become the long form, others are dropped. */
    private Value tagged(Node node, Value plain) {
        String tag = node.getTag().getValue();
        if (!tag.startsWith("!") || tag.startsWith("!!")) {
            return plain;
        }
        String name = tag.substring(1);
        SourceLocation loc = plain.location();
        if (name.equals("Ref") || name.equals("Condition")) {
            return wrap(name, plain, loc);
        }
        if (name.equals("GetAtt")) {
            if (node instanceof ScalarNode s) {
                String text = s.getValue();
                int dot = text.indexOf('.');
                List<Value> parts = dot < 0 ? List.of(new Value.Text(shared(text), loc))
                        : List.of(new Value.Text(shared(text.substring(0, dot)), loc),
                        new Value.Text(shared(text.substring(dot + 1)), loc));
                return wrap("Fn::GetAtt", new Value.Seq(parts, loc), loc);
            }
            return wrap("Fn::GetAtt", plain, loc);
        }
        if (SHORT_FUNCTIONS.contains(name)) {
            return wrap("Fn::" + name, plain, loc);
        }
        // an unknown local tag: keep the value
        return plain;
    }

    private static Value wrap(String key, Value inner, SourceLocation loc) {
        return new Value.Struct(Map.of(key.intern(), inner), loc);
    }

    /**
     * Keys and short texts repeat across resources and templates (Type, Properties, Key, Value, resource types):
     * one copy of each.
     */
    static String shared(String s) {
        return s.length() <= SHARED_CHARS ? s.intern() : s;
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
            return i == null ? new Value.Text(shared(text), loc) : new Value.Num(new BigDecimal(i), text, loc);
        }
        if (tag.equals(Tag.FLOAT)) {
            BigDecimal d;
            try {
                d = InputBudget.number(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return new Value.Text(shared(text), loc); // .inf, .nan, sexagesimal
            }
            if (d == null) {
                throw new InputException(file, loc.line(), loc.column(), InputBudget.numberRefused(text));
            }
            return new Value.Num(d, text, loc);
        }
        return new Value.Text(shared(text), loc);
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
