package dev.preflight.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A property value after loading: known, explicitly unknown with a reason, a reference to another resource,
 * or a choice between branches of a condition that cannot be decided. Every value knows where it was written.
 * Values are immutable; loaders build them, rules read them.
 */
public sealed interface Value
        permits Value.Text, Value.Num, Value.Bool, Value.Seq, Value.Struct, Value.Unknown,
        Value.Conditional, Value.Reference, Value.Absent, Value.Template {

    SourceLocation location();

    /** A string. CloudFormation YAML scalars that are not booleans or numbers in YAML 1.1 arrive as text. */
    record Text(String value, SourceLocation location) implements Value {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A number, with the text it was written as (so {@code 0755} or {@code 1e3} print as written). */
    record Num(BigDecimal value, String raw, SourceLocation location) implements Value {
        public Num {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(raw, "raw");
        }
    }

    record Bool(boolean value, SourceLocation location) implements Value {
    }

    record Seq(List<Value> items, SourceLocation location) implements Value {
        public Seq {
            items = List.copyOf(items);
        }
    }

    /** A map in document order. */
    record Struct(Map<String, Value> fields, SourceLocation location) implements Value {
        public Struct {
            fields = FieldMap.copyOf(fields);
        }

        public Value get(String key) {
            return fields.get(key);
        }
    }

    /** A value that cannot be known before deploy; {@code origin} says why, as facts (parameter, path, address). */
    record Unknown(UnknownOrigin origin, SourceLocation location) implements Value {
        public Unknown {
            Objects.requireNonNull(origin, "origin");
        }

        public UnknownReason reason() {
            return origin.kind();
        }

        /** "parameter VpcCidr has no value or default": the phrase for messages. */
        public String describe() {
            return origin.describe();
        }
    }

    /**
     * A string only partly known before deploy, built by {@code Fn::Sub} or {@code Fn::Join} (or a dynamic reference
     * inside a longer string): {@code com.amazonaws.${AWS::Region}.guardduty-data} without {@code --region}.
     * {@code parts} alternate between known {@link Text} and the unknown pieces ({@link Unknown}, {@link Reference}
     * with an unknown resolved value, ...); never two adjacent texts. {@link #text()} is empty; rules that look for a
     * name use {@link #pattern(String)} or {@link #couldEqual(String)}.
     */
    record Template(List<Value> parts, SourceLocation location) implements Value {
        public Template {
            parts = List.copyOf(parts);
        }

        /** The known text with every unknown part replaced by {@code wildcard}: {@code com.amazonaws.*.guardduty-data}. */
        public String pattern(String wildcard) {
            StringBuilder b = new StringBuilder();
            for (Value p : parts) {
                b.append(p instanceof Text t ? t.value() : wildcard);
            }
            return b.toString();
        }

        /** True when some text in the unknown parts makes the whole string equal to {@code candidate}. */
        public boolean couldEqual(String candidate) {
            StringBuilder regex = new StringBuilder();
            for (Value p : parts) {
                regex.append(p instanceof Text t ? java.util.regex.Pattern.quote(t.value()) : ".*");
            }
            return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL)
                    .matcher(candidate).matches();
        }
    }

    /**
     * {@code Fn::If} (or a resource {@code Condition}) whose condition cannot be decided from the inputs:
     * both branches are kept so a rule can take the worst one and name the condition.
     */
    record Conditional(String condition, Value whenTrue, Value whenFalse, SourceLocation location) implements Value {
        public Conditional {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(whenTrue, "whenTrue");
            Objects.requireNonNull(whenFalse, "whenFalse");
        }
    }

    /**
     * A reference to another resource of the graph: CloudFormation {@code Ref}/{@code Fn::GetAtt} (attribute null
     * for {@code Ref}), a cross-stack import resolved to its exporting resource, or a Terraform configuration
     * reference such as {@code aws_vpc.main.id}. {@code resolved} is the value itself where the inputs decide it
     * (a VPC's {@code CidrBlock} written in the template), otherwise an {@link Unknown}.
     */
    record Reference(ResourceKey target, String attribute, Value resolved, SourceLocation location) implements Value {
        public Reference {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(resolved, "resolved");
        }
    }

    /**
     * The one way to say "no value": a property the inputs do not set, JSON/YAML {@code null}, {@code AWS::NoValue}
     * (also inside an undecided {@link Conditional}), a Terraform attribute the configuration leaves to the provider
     * default. {@link #get}, {@link #at} and {@link Resource#property} return it for a missing key, never null.
     */
    record Absent(SourceLocation location) implements Value {
    }

    // ---- reading helpers used by analyses and rules ----

    /** The text of a known scalar (text, number as written, boolean as true/false), through references. */
    default Optional<String> text() {
        if (this instanceof Text t) {
            return Optional.of(t.value());
        }
        if (this instanceof Num n) {
            return Optional.of(n.raw());
        }
        if (this instanceof Bool b) {
            return Optional.of(Boolean.toString(b.value()));
        }
        if (this instanceof Reference r) {
            return r.resolved().text();
        }
        return Optional.empty();
    }

    /** A known boolean as CloudFormation reads it: YAML booleans and the strings true/false in any case. */
    default Optional<Boolean> bool() {
        if (this instanceof Bool b) {
            return Optional.of(b.value());
        }
        return text().map(s -> s.trim().toLowerCase(Locale.ROOT)).flatMap(s -> switch (s) {
            case "true" -> Optional.of(Boolean.TRUE);
            case "false" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        });
    }

    /**
     * A known integer (number or numeric text such as {@code "443"}). A number is its value, not its text: YAML 1.1
     * reads {@code 0443} as the octal 291, and so does CloudFormation.
     */
    default Optional<Long> integer() {
        Value v = this instanceof Reference r ? r.resolved() : this;
        if (v instanceof Num n) {
            try {
                return Optional.of(n.value().longValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        return text().flatMap(s -> {
            try {
                return Optional.of(new BigDecimal(s.trim()).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Field of a struct (through references whose resolved value is a struct), or null: the raw document access
     * loaders use while they build the model. Rules and views read with {@link #at}, which never gives null.
     */
    default Value get(String key) {
        if (this instanceof Struct s) {
            return s.get(key);
        }
        if (this instanceof Reference r) {
            return r.resolved().get(key);
        }
        return null;
    }

    /** Nested field by path; {@link Absent} (at this value's location) when any step is absent or not a struct. */
    default Value at(String... path) {
        Value v = this;
        for (String p : path) {
            Value next = v.get(p);
            if (next == null) {
                return new Absent(v.location() != null ? v.location() : location());
            }
            v = next;
        }
        return v;
    }

    /** The items of a list; a single non-list value is not a list and gives an empty list. */
    default List<Value> items() {
        if (this instanceof Seq s) {
            return s.items();
        }
        if (this instanceof Reference r) {
            return r.resolved().items();
        }
        return List.of();
    }

    /** True for {@link Absent}: the inputs set no value here. */
    default boolean isAbsent() {
        return this instanceof Absent;
    }

    /** True when the value (through references and branches) contains nothing unknown or conditional. */
    default boolean isKnown() {
        if (this instanceof Unknown || this instanceof Conditional || this instanceof Template) {
            return false;
        }
        if (this instanceof Reference r) {
            return r.resolved().isKnown();
        }
        if (this instanceof Seq s) {
            return s.items().stream().allMatch(Value::isKnown);
        }
        if (this instanceof Struct s) {
            return s.fields().values().stream().allMatch(Value::isKnown);
        }
        return true;
    }

    /**
     * The alternatives this value may take at deploy, each with the undecided conditions that lead to it.
     * A value without conditions has one alternative with no conditions. Nested conditionals are flattened.
     */
    default List<Branch> branches() {
        if (this instanceof Conditional c) {
            List<Branch> out = new ArrayList<>();
            for (Branch b : c.whenTrue().branches()) {
                out.add(b.under(c.condition() + " is true"));
            }
            for (Branch b : c.whenFalse().branches()) {
                out.add(b.under(c.condition() + " is false"));
            }
            return out;
        }
        return List.of(new Branch(List.of(), this));
    }

    /** One alternative of a {@link Conditional}: the conditions (e.g. "IsProd is false") and the value. */
    record Branch(List<String> conditions, Value value) {
        public Branch {
            conditions = List.copyOf(conditions);
        }

        Branch under(String condition) {
            List<String> c = new ArrayList<>();
            c.add(condition);
            c.addAll(conditions);
            return new Branch(c, value);
        }

        /** "when IsProd is false" or "" for an unconditional value. */
        public String describeConditions() {
            return conditions.isEmpty() ? "" : "when " + String.join(" and ", conditions);
        }
    }

    /** Short human form for messages: the text, or "unknown (why)", or the target of a reference. */
    default String display() {
        if (this instanceof Unknown u) {
            return "unknown (" + u.describe() + ")";
        }
        if (this instanceof Reference r) {
            Optional<String> t = r.resolved().text();
            return t.orElseGet(() -> r.target().id() + (r.attribute() == null ? "" : "." + r.attribute()));
        }
        if (this instanceof Conditional c) {
            return "depends on condition " + c.condition();
        }
        if (this instanceof Template t) {
            StringBuilder b = new StringBuilder();
            for (Value p : t.parts()) {
                if (p instanceof Text x) {
                    b.append(x.value());
                } else if (p instanceof Unknown u) {
                    // AWS::Region shows as ${AWS::Region}; the reason is reported on its own
                    b.append("${").append(u.origin().label()).append('}');
                } else if (p instanceof Reference r) {
                    b.append("${").append(r.target().id()).append(r.attribute() == null ? "" : "." + r.attribute())
                            .append('}');
                } else {
                    b.append("${").append(p.display()).append('}');
                }
            }
            return b.toString();
        }
        if (this instanceof Absent) {
            return "absent";
        }
        if (this instanceof Seq s) {
            List<String> parts = new ArrayList<>();
            for (Value v : s.items()) {
                parts.add(v.display());
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (this instanceof Struct) {
            return "{...}";
        }
        return text().orElse("?");
    }
}
