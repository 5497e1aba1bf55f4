package dev.preflight.load.cloudformation;

import dev.preflight.load.cloudformation.TemplateScope.Decision;
import dev.preflight.model.Value;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Decides template {@code Conditions} ({@code Fn::Equals}, {@code Fn::And}, {@code Fn::Or}, {@code Fn::Not},
 * {@code Condition}) when their inputs are known, memoized; undefined or circular conditions are undecided.
 */
final class ConditionDecider {
    private final Value.Struct conditions;
    private final UnaryOperator<Value> resolve;
    private final Map<String, Decision> decided = new HashMap<>();
    private final Set<String> deciding = new HashSet<>();

    ConditionDecider(Value.Struct conditions, UnaryOperator<Value> resolve) {
        this.conditions = conditions;
        this.resolve = resolve;
    }

    private Value resolve(Value raw) {
        return resolve.apply(raw);
    }

    Decision condition(String name) {
        Decision d = decided.get(name);
        if (d != null) {
            return d;
        }
        Value raw = conditions.get(name);
        if (raw == null || !deciding.add(name)) {
            return Decision.UNDECIDED; // undefined or circular: CloudFormation rejects it; decide nothing
        }
        try {
            d = decide(raw);
        } finally {
            deciding.remove(name);
        }
        decided.put(name, d);
        return d;
    }

    Decision decide(Value raw) {
        if (raw instanceof Value.Bool b) {
            return b.value() ? Decision.TRUE : Decision.FALSE;
        }
        if (!(raw instanceof Value.Struct s) || s.fields().size() != 1) {
            return Decision.UNDECIDED;
        }
        Map.Entry<String, Value> e = s.fields().entrySet().iterator().next();
        Value arg = e.getValue();
        switch (e.getKey()) {
            case "Condition":
                return arg.text().map(this::condition).orElse(Decision.UNDECIDED);
            case "Fn::Not": {
                List<Value> items = arg.items();
                Decision d = decide(items.size() == 1 ? items.get(0) : arg);
                return d == Decision.TRUE ? Decision.FALSE : d == Decision.FALSE ? Decision.TRUE : Decision.UNDECIDED;
            }
            case "Fn::And": {
                Decision r = Decision.TRUE;
                for (Value item : arg.items()) {
                    Decision d = decide(item);
                    if (d == Decision.FALSE) {
                        return Decision.FALSE;
                    }
                    if (d == Decision.UNDECIDED) {
                        r = Decision.UNDECIDED;
                    }
                }
                return r;
            }
            case "Fn::Or": {
                Decision r = Decision.FALSE;
                for (Value item : arg.items()) {
                    Decision d = decide(item);
                    if (d == Decision.TRUE) {
                        return Decision.TRUE;
                    }
                    if (d == Decision.UNDECIDED) {
                        r = Decision.UNDECIDED;
                    }
                }
                return r;
            }
            case "Fn::Equals": {
                List<Value> items = arg.items();
                if (items.size() != 2) {
                    return Decision.UNDECIDED;
                }
                Value a = resolve(items.get(0));
                Value b = resolve(items.get(1));
                Optional<String> ca = canonical(a);
                Optional<String> cb = canonical(b);
                if (ca.isEmpty() || cb.isEmpty()) {
                    return Decision.UNDECIDED;
                }
                return ca.get().equals(cb.get()) ? Decision.TRUE : Decision.FALSE;
            }
            default:
                return Decision.UNDECIDED;
        }
    }

    /** A comparable form of a fully known value (text as CloudFormation compares it), or empty. */
    private static Optional<String> canonical(Value v) {
        if (v instanceof Value.Reference r) {
            return canonical(r.resolved());
        }
        if (v instanceof Value.Seq s) {
            StringBuilder b = new StringBuilder("[");
            for (Value item : s.items()) {
                Optional<String> c = canonical(item);
                if (c.isEmpty()) {
                    return Optional.empty();
                }
                b.append(c.get().length()).append(':').append(c.get()).append(',');
            }
            return Optional.of(b.append(']').toString());
        }
        if (v instanceof Value.Text || v instanceof Value.Num || v instanceof Value.Bool) {
            return v.text();
        }
        return Optional.empty();
    }
}
