package dev.preflight.load.terraform.config;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Terraform values as the graph holds them: {@link Value.Text}, {@link Value.Num}, {@link Value.Bool}, null, lists,
 * sets and tuples as {@link Value.Seq}, maps and objects as {@link Value.Struct}; what only exists after apply as a
 * {@link Value.Reference} to the resource (resolved to an unknown) or an {@link Value.Unknown}; a string with unknown
 * parts as a {@link Value.Template}. The unknowns this evaluator makes are all built here.
 */
final class ConfigValues {
    private ConfigValues() {
    }

    /** Terraform's null: the model's one way to say "no value". */
    static Value nul(SourceLocation at) {
        return new Value.Absent(at);
    }

    static boolean isNull(Value v) {
        return deref(v) instanceof Value.Absent;
    }

    static Value text(String s, SourceLocation at) {
        return new Value.Text(s, at);
    }

    static Value num(BigDecimal n, SourceLocation at) {
        BigDecimal s = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
        return new Value.Num(s, s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString(), at);
    }

    static Value num(long n, SourceLocation at) {
        return num(BigDecimal.valueOf(n), at);
    }

    static Value bool(boolean b, SourceLocation at) {
        return new Value.Bool(b, at);
    }

    /** Through references whose value is known (or not: then the unknown itself). */
    static Value deref(Value v) {
        Value d = v;
        int guard = 0;
        while (d instanceof Value.Reference r && guard++ < 64) {
            d = r.resolved();
        }
        return d;
    }

    /** Not known before apply: an unknown, a partly known string, a reference to either. */
    static boolean unknown(Value v) {
        Value d = deref(v);
        return d instanceof Value.Unknown || d instanceof Value.Template || d instanceof Value.Conditional;
    }

    /** Contains anything unknown at any depth. */
    static boolean hasUnknown(Value v) {
        Value d = deref(v);
        if (unknown(d)) {
            return true;
        }
        if (d instanceof Value.Seq s) {
            for (Value i : s.items()) {
                if (hasUnknown(i)) {
                    return true;
                }
            }
        } else if (d instanceof Value.Struct s) {
            for (Value i : s.fields().values()) {
                if (hasUnknown(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first unknown inside {@code v} (depth first), or null. */
    static Value firstUnknown(Value v) {
        Value d = deref(v);
        if (unknown(d)) {
            return v;
        }
        if (d instanceof Value.Seq s) {
            for (Value i : s.items()) {
                Value u = firstUnknown(i);
                if (u != null) {
                    return u;
                }
            }
        } else if (d instanceof Value.Struct s) {
            for (Value i : s.fields().values()) {
                Value u = firstUnknown(i);
                if (u != null) {
                    return u;
                }
            }
        }
        return null;
    }

    /** A known primitive as Terraform's string conversion gives it. */
    static Optional<String> string(Value v) {
        Value d = deref(v);
        if (d instanceof Value.Text t) {
            return Optional.of(t.value());
        }
        if (d instanceof Value.Num n) {
            return Optional.of(n.raw());
        }
        if (d instanceof Value.Bool b) {
            return Optional.of(Boolean.toString(b.value()));
        }
        return Optional.empty();
    }

    static String typeName(Value v) {
        Value d = deref(v);
        if (d instanceof Value.Text) {
            return "string";
        }
        if (d instanceof Value.Num) {
            return "number";
        }
        if (d instanceof Value.Bool) {
            return "bool";
        }
        if (d instanceof Value.Seq) {
            return "list";
        }
        if (d instanceof Value.Struct) {
            return "object";
        }
        if (d instanceof Value.Absent) {
            return "null";
        }
        return "unknown";
    }

    static List<Value> items(Value v) {
        return deref(v) instanceof Value.Seq s ? s.items() : List.of();
    }

    /** Terraform's equality: same type and value, lists and objects element by element. */
    static boolean equal(Value a, Value b) {
        Value x = deref(a);
        Value y = deref(b);
        if (x instanceof Value.Absent) {
            return y instanceof Value.Absent;
        }
        if (x instanceof Value.Num n && y instanceof Value.Num m) {
            return n.value().compareTo(m.value()) == 0;
        }
        if (x instanceof Value.Text t && y instanceof Value.Text u) {
            return t.value().equals(u.value());
        }
        if (x instanceof Value.Bool t && y instanceof Value.Bool u) {
            return t.value() == u.value();
        }
        if (x instanceof Value.Seq s && y instanceof Value.Seq t) {
            if (s.items().size() != t.items().size()) {
                return false;
            }
            for (int i = 0; i < s.items().size(); i++) {
                if (!equal(s.items().get(i), t.items().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (x instanceof Value.Struct s && y instanceof Value.Struct t) {
            if (!s.fields().keySet().equals(t.fields().keySet())) {
                return false;
            }
            for (String k : s.fields().keySet()) {
                if (!equal(s.get(k), t.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Strips source positions so that equal values compare equal as Java objects (set and map keys). */
    static String canonical(Value v) {
        Value d = deref(v);
        if (d instanceof Value.Text t) {
            return "s" + t.value();
        }
        if (d instanceof Value.Num n) {
            return "n" + n.raw();
        }
        if (d instanceof Value.Bool b) {
            return "b" + b.value();
        }
        if (d instanceof Value.Seq s) {
            StringBuilder sb = new StringBuilder("[");
            for (Value i : s.items()) {
                sb.append(canonical(i)).append('\u0000');
            }
            return sb.append(']').toString();
        }
        if (d instanceof Value.Struct s) {
            StringBuilder sb = new StringBuilder("{");
            for (var e : s.fields().entrySet()) {
                sb.append(e.getKey()).append('=').append(canonical(e.getValue())).append('\u0000');
            }
            return sb.append('}').toString();
        }
        return "null";
    }

    // ---- the unknowns of configuration-only evaluation ----

    private static Value unknown(UnknownOrigin origin, SourceLocation at) {
        return new Value.Unknown(origin, at);
    }

    /** {@code aws_vpc.main.id}: an attribute the provider sets when the resource is created. */
    static Value afterApply(String address, String attribute, SourceLocation at) {
        return unknown(new UnknownOrigin.KnownAfterApply(address, attribute), at);
    }

    /** An attribute of a data source, which Terraform reads from AWS while planning. */
    static Value dataSource(String address, String attribute, SourceLocation at) {
        return unknown(new UnknownOrigin.DataSource(address, attribute), at);
    }

    /** A function this evaluator does not implement. */
    static Value notEvaluated(String function, SourceLocation at) {
        return unknown(new UnknownOrigin.NotEvaluated(function + "()", "function " + function
                + "() is not evaluated by Preflight"), at);
    }

    /** A module call whose source is not on disk. */
    static Value moduleNotInstalled(String call, String source, String rootDir, SourceLocation at) {
        return unknown(new UnknownOrigin.OutsideInputs(call, call + " (source " + source + ") is not installed; run "
                + "terraform init in " + rootDir + " so that .terraform/modules holds it"), at);
    }

    /** A root module variable with no default and no value given. */
    static Value variableWithoutValue(String name, SourceLocation at) {
        return unknown(new UnknownOrigin.VariableWithoutValue(name), at);
    }

    /** The region or account, when not given with --region / --account. */
    static Value pseudo(String what, String option, SourceLocation at) {
        return unknown(new UnknownOrigin.PseudoParameter(what, "give " + option), at);
    }

    /** An expression the plan would reject: Terraform stops there. */
    static Value failed(String expression, String why, SourceLocation at) {
        return unknown(new UnknownOrigin.NotEvaluated(expression, expression + " cannot be evaluated: " + why
                + " (terraform plan fails here)"), at);
    }

    /** Something else the configuration does not decide. */
    static Value undecided(String description, SourceLocation at) {
        return unknown(new UnknownOrigin.NotEvaluated("configuration", description), at);
    }

    /** The same unknown, placed where it is used. */
    static Value at(Value unknown, SourceLocation at) {
        if (unknown instanceof Value.Unknown u) {
            return new Value.Unknown(u.origin(), at);
        }
        return unknown;
    }
}
