package dev.preflight.rule;

import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One assignment of the undecided CloudFormation conditions that an evaluation consults. Reading a value through
 * a scenario picks the branch of every {@link Value.Conditional} it meets, and a resource with an undecided
 * {@code Condition} exists only where that condition holds.
 *
 * <p>{@link #explore} runs an evaluation once per reachable combination of the conditions it actually reads
 * (lazily, so an evaluation that reads no condition runs once): this is what "the verdict is the worst branch"
 * means when several values or several rules depend on the same condition; deciding each value's worst branch
 * separately would be wrong when, say, one ingress rule exists under {@code IsProd} and another under its negation.
 */
public final class Scenario {
    /** Beyond this many combinations an evaluation gives up and reports the subject as undecidable. */
    public static final int MAX_COMBINATIONS = 64;

    private final Map<String, Boolean> fixed;
    private final LinkedHashMap<String, Boolean> consulted = new LinkedHashMap<>();
    private final List<String> guessed = new ArrayList<>();
    /** Choices made among candidates ("the subnet of aws_instance.app" -> "aws_subnet.b"), for {@link #describe}. */
    private final LinkedHashMap<String, String> chosen = new LinkedHashMap<>();
    private static final String CHOICE = "\u0000choice:";
    private int consultations;

    private Scenario(Map<String, Boolean> fixed) {
        this.fixed = new HashMap<>(fixed);
    }

    /** A scenario for code that has no conditions to explore (tests, views of known values): every condition true. */
    public static Scenario allTrue() {
        return new Scenario(Map.of());
    }

    /** Whether the named condition holds in this scenario; consulting it makes it part of the description. */
    public boolean holds(String condition) {
        consultations++;
        Boolean b = fixed.get(condition);
        if (b == null) {
            b = Boolean.TRUE;
            fixed.put(condition, b);
            guessed.add(condition);
        }
        consulted.put(condition, b);
        return b;
    }

    /** The value with every top-level conditional resolved; a missing value (null) is {@link Value.Absent}. */
    public Value pick(Value v) {
        RuleBudget.tick();
        while (v instanceof Value.Conditional c) {
            v = holds(c.condition()) ? c.whenTrue() : c.whenFalse();
        }
        return v == null ? new Value.Absent(null) : v;
    }

    /** True when the value is missing in this scenario: null, {@code AWS::NoValue}, or not configured. */
    public boolean absent(Value v) {
        return pick(v).isAbsent();
    }

    /** Field of a struct, with conditionals resolved on the way; {@link Value.Absent} when not set (never null). */
    public Value get(Value v, String key) {
        Value p = pick(v);
        Value f = pick(p.at(key));
        return f.isAbsent() && f.location() == null ? new Value.Absent(p.location()) : f;
    }

    /** Nested field, see {@link #get}. */
    public Value at(Value v, String... path) {
        Value cur = v;
        for (String p : path) {
            cur = get(cur, p);
            if (cur.isAbsent()) {
                return cur;
            }
        }
        return cur;
    }

    /**
     * The items of a list in this scenario, each resolved, with {@code AWS::NoValue} items dropped. A value that is
     * not a list (unknown, a single scalar) is returned as the only item, so callers can report it.
     */
    public List<Value> items(Value v) {
        Value p = pick(v);
        if (p.isAbsent()) {
            return List.of();
        }
        List<Value> src;
        if (p instanceof Value.Seq s) {
            src = s.items();
        } else if (p instanceof Value.Reference r && r.resolved() instanceof Value.Seq s) {
            src = s.items();
        } else {
            return List.of(p);
        }
        List<Value> out = new ArrayList<>(src.size());
        for (Value item : src) {
            Value i = pick(item);
            if (!i.isAbsent()) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The value with every conditional picked at any depth (struct fields, list items, referenced values keep
     * their reference); {@code AWS::NoValue} items of lists and fields of structs are dropped; missing is Absent.
     */
    public Value resolve(Value v) {
        Value p = pick(v);
        if (p instanceof Value.Seq seq) {
            List<Value> out = new ArrayList<>(seq.items().size());
            for (Value item : seq.items()) {
                Value i = resolve(item);
                if (!i.isAbsent()) {
                    out.add(i);
                }
            }
            return new Value.Seq(out, seq.location());
        }
        if (p instanceof Value.Struct st) {
            Map<String, Value> out = new LinkedHashMap<>();
            st.fields().forEach((k, f) -> {
                Value r = resolve(f);
                if (!r.isAbsent()) {
                    out.put(k, r);
                }
            });
            return new Value.Struct(out, st.location());
        }
        return p;
    }

    /**
     * One of {@code candidates} for an unknown choice the inputs leave open (a Terraform value that is "one of" two
     * subnets): exploring runs once per candidate, through the same decision tree as conditions, so a set of
     * candidates that all give the same verdict gives that verdict, and differing ones name the candidate
     * ("when the subnet of X is aws_subnet.b"). {@code what} names the choice; candidates are named by their id.
     */
    public int choose(String what, List<String> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates for " + what);
        }
        for (int i = 0; i < candidates.size() - 1; i++) {
            if (holds(CHOICE + what + " is " + candidates.get(i))) {
                chosen.put(what, candidates.get(i));
                return i;
            }
        }
        chosen.put(what, candidates.get(candidates.size() - 1));
        return candidates.size() - 1;
    }

    /** Whether the resource exists in this scenario (its undecided {@code Condition} holds). */
    public boolean exists(Resource r) {
        return r != null && (r.condition() == null || holds(r.condition()));
    }

    /** "when IsProd is false and UseEndpoint is true", or "" when no undecided condition was consulted. */
    public String describe() {
        if (consulted.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        consulted.forEach((c, b) -> {
            if (!c.startsWith(CHOICE)) {
                parts.add(c + " is " + b);
            }
        });
        chosen.forEach((what, c) -> parts.add(what + " is " + c));
        return "when " + String.join(" and ", parts);
    }

    /**
     * How many times a condition was consulted so far: a computation during which this does not change gave a
     * result that holds in every scenario, so it may be cached.
     */
    public int consultations() {
        return consultations;
    }

    public boolean conditional() {
        return !consulted.isEmpty();
    }

    /** One run of an evaluation: its result and the scenario it ran in. */
    public record Run<T>(T result, Scenario scenario) {
    }

    /**
     * Runs {@code evaluation} once per combination of the undecided conditions it consults, exploring the decision
     * tree depth first: each run fixes the conditions met so far, and every condition first met in a run (taken
     * as true) queues a sibling run in which it is false. Returns the runs, or null when there are more than
     * {@link #MAX_COMBINATIONS}.
     */
    public static <T> List<Run<T>> explore(Function<Scenario, T> evaluation) {
        Objects.requireNonNull(evaluation, "evaluation");
        List<Run<T>> runs = new ArrayList<>();
        Deque<Map<String, Boolean>> todo = new ArrayDeque<>();
        todo.push(Map.of());
        while (!todo.isEmpty()) {
            if (runs.size() >= MAX_COMBINATIONS) {
                return null;
            }
            Map<String, Boolean> start = todo.pop();
            RuleBudget.tick();
            Scenario s = new Scenario(start);
            T result = evaluation.apply(s);
            runs.add(new Run<>(result, s));
            Map<String, Boolean> prefix = new HashMap<>(start);
            for (String g : s.guessed) {
                Map<String, Boolean> sibling = new HashMap<>(prefix);
                sibling.put(g, Boolean.FALSE);
                todo.push(sibling);
                prefix.put(g, Boolean.TRUE);
            }
        }
        return runs;
    }
}
