package dev.preflight.load.terraform.config;

import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.load.terraform.hcl.TemplatePart;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates HCL expressions as Terraform does while planning, into {@link Value}s: operators with HCL's
 * conversions, conditionals (an undecided condition keeps both branches as a {@link Value.Conditional}), {@code for}
 * expressions, splats, templates with directives, function calls ({@link TerraformFunctions}), {@code try} and
 * {@code can}. What only exists after apply flows through as the unknown or reference it started as, so a
 * message names the expression it comes from.
 */
final class ExpressionEvaluator {
    private static final int MAX_DEPTH = 400;
    private final ConfigurationRun run;
    private int depth;

    ExpressionEvaluator(ConfigurationRun run) {
        this.run = run;
    }

    ConfigurationRun run() {
        return run;
    }

    /** Evaluates, turning what Terraform would reject into an unknown that says so. */
    Value evaluate(HclExpression e, Scope scope) {
        try {
            return eval(e, scope);
        } catch (EvaluationError err) {
            return ConfigValues.failed(brief(e.text()), err.getMessage(), e.location());
        }
    }

    static String brief(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }

    Value eval(HclExpression e, Scope scope) throws EvaluationError {
        if (++depth > MAX_DEPTH) {
            depth--;
            throw new EvaluationError(e.location(), "expression nested too deeply");
        }
        try {
            return evalInner(e, scope);
        } finally {
            depth--;
        }
    }

    private Value evalInner(HclExpression e, Scope scope) throws EvaluationError {
        SourceLocation at = e.location();
        if (e instanceof HclExpression.Literal l) {
            Object v = l.value();
            if (v == null) {
                return ConfigValues.nul(at);
            }
            if (v instanceof String s) {
                return ConfigValues.text(s, at);
            }
            if (v instanceof Boolean b) {
                return ConfigValues.bool(b, at);
            }
            return ConfigValues.num((BigDecimal) v, at);
        }
        if (e instanceof HclExpression.Template t) {
            HclExpression single = t.singleInterpolation();
            if (single != null) {
                return eval(single, scope);
            }
            List<Value> parts = new ArrayList<>();
            template(t.parts(), scope, parts);
            return joinParts(parts, at);
        }
        if (e instanceof HclExpression.Variable || e instanceof HclExpression.GetAttr
                || e instanceof HclExpression.Index) {
            return traversal(e, scope);
        }
        if (e instanceof HclExpression.SplatItem) {
            Value item = scope.splatItem();
            if (item == null) {
                throw new EvaluationError(at, "splat element outside a splat");
            }
            return item;
        }
        if (e instanceof HclExpression.Splat s) {
            return splat(s, scope);
        }
        if (e instanceof HclExpression.Parenthesis p) {
            return eval(p.expression(), scope);
        }
        if (e instanceof HclExpression.Tuple t) {
            List<Value> items = new ArrayList<>();
            for (HclExpression i : t.items()) {
                items.add(eval(i, scope));
            }
            return new Value.Seq(items, at);
        }
        if (e instanceof HclExpression.ObjectCons o) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (HclExpression.ObjectItem item : o.items()) {
                Value k = eval(item.key(), scope);
                if (ConfigValues.unknown(k)) {
                    return ConfigValues.at(ConfigValues.deref(k), at);
                }
                String key = ConfigValues.string(k).orElseThrow(() -> new EvaluationError(item.key().location(),
                        "an object key must be a string, not " + ConfigValues.typeName(k)));
                fields.put(key, eval(item.value(), scope));
            }
            return new Value.Struct(fields, at);
        }
        if (e instanceof HclExpression.Conditional c) {
            return conditional(c, scope);
        }
        if (e instanceof HclExpression.Unary u) {
            Value v = eval(u.operand(), scope);
            if (ConfigValues.unknown(v)) {
                return ConfigValues.at(ConfigValues.deref(v), at);
            }
            if (u.operator() == HclExpression.Operator.NOT) {
                return ConfigValues.bool(!bool(v, u.operand()), at);
            }
            return ConfigValues.num(number(v, u.operand()).negate(), at);
        }
        if (e instanceof HclExpression.Binary b) {
            return binary(b, scope);
        }
        if (e instanceof HclExpression.FunctionCall f) {
            return call(f, scope);
        }
        if (e instanceof HclExpression.ForExpr f) {
            return forExpression(f, scope);
        }
        throw new EvaluationError(at, "unsupported expression");
    }

    // ---- traversals ----

    private record Step(String name, HclExpression index, SourceLocation at) {
    }

    private Value traversal(HclExpression e, Scope scope) throws EvaluationError {
        List<Step> steps = new ArrayList<>();
        HclExpression cur = e;
        while (true) {
            if (cur instanceof HclExpression.GetAttr g) {
                steps.add(0, new Step(g.name(), null, g.location()));
                cur = g.source();
            } else if (cur instanceof HclExpression.Index i) {
                steps.add(0, new Step(null, i.key(), i.location()));
                cur = i.source();
            } else {
                break;
            }
        }
        Value v;
        int start = 0;
        if (cur instanceof HclExpression.Variable var) {
            List<String> names = new ArrayList<>();
            for (Step s : steps) {
                if (s.name() == null) {
                    break;
                }
                names.add(s.name());
            }
            int[] used = {0};
            v = scope.lookup(var.name(), names, used, var.location());
            if (v == null) {
                throw new EvaluationError(var.location(), "there is no " + var.name() + " here (a reference to an "
                        + "undeclared name)");
            }
            start = used[0];
        } else {
            v = eval(cur, scope);
        }
        for (int k = start; k < steps.size(); k++) {
            Step s = steps.get(k);
            if (s.name() != null) {
                v = getAttr(v, s.name(), s.at());
            } else {
                v = index(v, eval(s.index(), scope), s.at());
            }
        }
        return v;
    }

    Value getAttr(Value v, String name, SourceLocation at) throws EvaluationError {
        InstanceObject owner = run.instanceOf(v);
        if (owner != null) {
            return owner.attribute(name, at);
        }
        Value d = ConfigValues.deref(v);
        if (d instanceof Value.Struct s) {
            Value f = s.get(name);
            if (f == null) {
                throw new EvaluationError(at, "this object has no attribute \"" + name + "\"");
            }
            return f;
        }
        if (ConfigValues.unknown(d)) {
            return ConfigValues.at(d, d.location());
        }
        if (ConfigValues.isNull(d)) {
            throw new EvaluationError(at, "attempt to get attribute \"" + name + "\" from a null value");
        }
        if (d instanceof Value.Seq) {
            throw new EvaluationError(at, "a list has no attribute \"" + name + "\" (use [*]." + name
                    + " or an index)");
        }
        throw new EvaluationError(at, "a " + ConfigValues.typeName(d) + " has no attribute \"" + name + "\"");
    }

    Value index(Value v, Value key, SourceLocation at) throws EvaluationError {
        Value d = ConfigValues.deref(v);
        if (ConfigValues.unknown(d)) {
            return d;
        }
        if (ConfigValues.unknown(key)) {
            // which element is not known: still decided when every element is the same
            if (d instanceof Value.Seq s && !s.items().isEmpty() && allEqual(s.items())) {
                return s.items().get(0);
            }
            return ConfigValues.at(ConfigValues.deref(key), at);
        }
        if (d instanceof Value.Seq s) {
            BigDecimal n = number(key, null);
            int i;
            try {
                i = n.intValueExact();
            } catch (ArithmeticException x) {
                throw new EvaluationError(at, "the index " + n + " is not a whole number");
            }
            if (i < 0 || i >= s.items().size()) {
                throw new EvaluationError(at, "the index " + i + " is out of range for a list of "
                        + s.items().size() + " elements");
            }
            return s.items().get(i);
        }
        if (d instanceof Value.Struct s) {
            String k = ConfigValues.string(key).orElseThrow(() -> new EvaluationError(at, "a map key must be a string"));
            InstanceObject owner = run.instanceOf(v);
            if (owner != null) {
                return owner.attribute(k, at);
            }
            Value f = s.get(k);
            if (f == null) {
                throw new EvaluationError(at, "the map has no element \"" + k + "\"");
            }
            return f;
        }
        if (ConfigValues.isNull(d)) {
            throw new EvaluationError(at, "cannot index a null value");
        }
        throw new EvaluationError(at, "cannot index a " + ConfigValues.typeName(d));
    }

    private static boolean allEqual(List<Value> items) {
        for (Value i : items) {
            if (!ConfigValues.equal(i, items.get(0)) || ConfigValues.hasUnknown(i)) {
                return false;
            }
        }
        return true;
    }

    private Value splat(HclExpression.Splat s, Scope scope) throws EvaluationError {
        Value source = eval(s.source(), scope);
        Value d = ConfigValues.deref(source);
        if (ConfigValues.unknown(d)) {
            return ConfigValues.at(d, s.location());
        }
        List<Value> elements;
        if (d instanceof Value.Seq seq) {
            elements = seq.items();
        } else if (ConfigValues.isNull(d)) {
            elements = List.of();
        } else if (!s.full() && d instanceof Value.Struct st && run.instanceOf(source) == null) {
            // the legacy attribute splat over a map is an error in Terraform; a single object is a one-tuple
            elements = List.of(source);
        } else {
            elements = List.of(source);
        }
        List<Value> out = new ArrayList<>();
        for (Value el : elements) {
            out.add(eval(s.each(), scope.withSplatItem(el)));
        }
        return new Value.Seq(out, s.location());
    }

    // ---- operators ----

    private Value conditional(HclExpression.Conditional c, Scope scope) throws EvaluationError {
        Value cond = eval(c.condition(), scope);
        if (ConfigValues.unknown(cond)) {
            Value t = eval(c.whenTrue(), scope);
            Value f = eval(c.whenFalse(), scope);
            if (ConfigValues.equal(t, f) && !ConfigValues.hasUnknown(t)) {
                return t;
            }
            Value u = ConfigValues.deref(cond);
            String why = u instanceof Value.Unknown x ? x.describe() : u.display();
            return new Value.Conditional(brief(c.condition().text()) + " (" + why + ")", t, f, c.location());
        }
        return bool(cond, c.condition()) ? eval(c.whenTrue(), scope) : eval(c.whenFalse(), scope);
    }

    private Value binary(HclExpression.Binary b, Scope scope) throws EvaluationError {
        SourceLocation at = b.location();
        Value l = eval(b.left(), scope);
        Value r = eval(b.right(), scope);
        HclExpression.Operator op = b.operator();
        if (op == HclExpression.Operator.AND || op == HclExpression.Operator.OR) {
            boolean isAnd = op == HclExpression.Operator.AND;
            Boolean lv = ConfigValues.unknown(l) ? null : bool(l, b.left());
            Boolean rv = ConfigValues.unknown(r) ? null : bool(r, b.right());
            // a known side that decides alone decides (false && x, true || x)
            if ((lv != null && lv != isAnd) || (rv != null && rv != isAnd)) {
                return ConfigValues.bool(!isAnd, at);
            }
            if (lv == null || rv == null) {
                return ConfigValues.at(ConfigValues.deref(lv == null ? l : r), at);
            }
            return ConfigValues.bool(isAnd, at);
        }
        if (op == HclExpression.Operator.EQUAL || op == HclExpression.Operator.NOT_EQUAL) {
            if (ConfigValues.hasUnknown(l) || ConfigValues.hasUnknown(r)) {
                Value u = ConfigValues.firstUnknown(ConfigValues.hasUnknown(l) ? l : r);
                return ConfigValues.at(ConfigValues.deref(u), at);
            }
            boolean eq = ConfigValues.equal(l, r);
            return ConfigValues.bool(op == HclExpression.Operator.EQUAL ? eq : !eq, at);
        }
        if (ConfigValues.unknown(l) || ConfigValues.unknown(r)) {
            return ConfigValues.at(ConfigValues.deref(ConfigValues.unknown(l) ? l : r), at);
        }
        BigDecimal x = number(l, b.left());
        BigDecimal y = number(r, b.right());
        return switch (op) {
            case LESS -> ConfigValues.bool(x.compareTo(y) < 0, at);
            case LESS_OR_EQUAL -> ConfigValues.bool(x.compareTo(y) <= 0, at);
            case GREATER -> ConfigValues.bool(x.compareTo(y) > 0, at);
            case GREATER_OR_EQUAL -> ConfigValues.bool(x.compareTo(y) >= 0, at);
            case ADD -> ConfigValues.num(x.add(y), at);
            case SUBTRACT -> ConfigValues.num(x.subtract(y), at);
            case MULTIPLY -> ConfigValues.num(x.multiply(y), at);
            case DIVIDE -> {
                if (y.signum() == 0) {
                    throw new EvaluationError(at, "division by zero");
                }
                yield ConfigValues.num(x.divide(y, MathContext.DECIMAL64), at);
            }
            case MODULO -> {
                if (y.signum() == 0) {
                    throw new EvaluationError(at, "modulo by zero");
                }
                yield ConfigValues.num(x.remainder(y), at);
            }
            default -> throw new EvaluationError(at, "unsupported operator " + op.symbol());
        };
    }

    static BigDecimal number(Value v, HclExpression where) throws EvaluationError {
        Value d = ConfigValues.deref(v);
        if (d instanceof Value.Num n) {
            return n.value();
        }
        if (d instanceof Value.Text t) {
            try {
                return new BigDecimal(t.value().strip());
            } catch (NumberFormatException e) {
                throw new EvaluationError(where == null ? v.location() : where.location(), "\"" + t.value()
                        + "\" is not a number");
            }
        }
        throw new EvaluationError(where == null ? v.location() : where.location(), "a number is required, not "
                + ConfigValues.typeName(d));
    }

    static boolean bool(Value v, HclExpression where) throws EvaluationError {
        Value d = ConfigValues.deref(v);
        if (d instanceof Value.Bool b) {
            return b.value();
        }
        if (d instanceof Value.Text t && (t.value().equals("true") || t.value().equals("false"))) {
            return t.value().equals("true");
        }
        throw new EvaluationError(where == null ? v.location() : where.location(), "a bool is required, not "
                + ConfigValues.typeName(d));
    }

    // ---- templates ----

    private void template(List<TemplatePart> parts, Scope scope, List<Value> out) throws EvaluationError {
        for (TemplatePart p : parts) {
            if (p instanceof TemplatePart.Literal l) {
                out.add(ConfigValues.text(l.text(), null));
            } else if (p instanceof TemplatePart.Interpolation i) {
                Value v = eval(i.expression(), scope);
                out.add(stringPart(v, i.expression()));
            } else if (p instanceof TemplatePart.If f) {
                Value c = eval(f.condition(), scope);
                if (ConfigValues.unknown(c)) {
                    out.add(ConfigValues.deref(c));
                } else {
                    template(bool(c, f.condition()) ? f.whenTrue() : f.whenFalse(), scope, out);
                }
            } else if (p instanceof TemplatePart.For f) {
                Value coll = eval(f.collection(), scope);
                if (ConfigValues.unknown(coll)) {
                    out.add(ConfigValues.deref(coll));
                    continue;
                }
                for (Map.Entry<Value, Value> e : iterate(coll, f.collection()).entrySet()) {
                    Scope inner = scope.with(f.valueVariable(), e.getValue());
                    if (f.keyVariable() != null) {
                        inner = inner.with(f.keyVariable(), e.getKey());
                    }
                    template(f.body(), inner, out);
                }
            }
        }
    }

    private Value stringPart(Value v, HclExpression where) throws EvaluationError {
        if (ConfigValues.unknown(v)) {
            Value d = ConfigValues.deref(v);
            if (d instanceof Value.Template t) {
                return t;
            }
            return v instanceof Value.Reference ? v : d;
        }
        Value d = ConfigValues.deref(v);
        if (ConfigValues.isNull(d)) {
            throw new EvaluationError(where.location(), "the interpolated value " + brief(where.text()) + " is null");
        }
        return ConfigValues.text(ConfigValues.string(d).orElseThrow(() -> new EvaluationError(where.location(),
                "cannot interpolate a " + ConfigValues.typeName(d) + " into a string (" + brief(where.text())
                        + ")")), null);
    }

    /** Adjacent texts merged; all known gives a text, else a {@link Value.Template}. */
    static Value joinParts(List<Value> parts, SourceLocation at) {
        List<Value> merged = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean known = true;
        for (Value p : parts) {
            Value flat = p;
            if (flat instanceof Value.Template t) {
                for (Value q : t.parts()) {
                    if (q instanceof Value.Text x) {
                        text.append(x.value());
                    } else {
                        if (text.length() > 0) {
                            merged.add(ConfigValues.text(text.toString(), at));
                            text.setLength(0);
                        }
                        merged.add(q);
                        known = false;
                    }
                }
                continue;
            }
            if (flat instanceof Value.Text x) {
                text.append(x.value());
            } else {
                if (text.length() > 0) {
                    merged.add(ConfigValues.text(text.toString(), at));
                    text.setLength(0);
                }
                merged.add(flat);
                known = false;
            }
        }
        if (known) {
            return ConfigValues.text(text.toString(), at);
        }
        if (text.length() > 0) {
            merged.add(ConfigValues.text(text.toString(), at));
        }
        return new Value.Template(merged, at);
    }

    // ---- for expressions ----

    /** Elements of a list (keys are indexes) or a map/object (keys sorted, as Terraform iterates them). */
    Map<Value, Value> iterate(Value coll, HclExpression where) throws EvaluationError {
        Value d = ConfigValues.deref(coll);
        Map<Value, Value> out = new LinkedHashMap<>();
        if (d instanceof Value.Seq s) {
            for (int i = 0; i < s.items().size(); i++) {
                out.put(ConfigValues.num(i, s.location()), s.items().get(i));
            }
            return out;
        }
        if (d instanceof Value.Struct s) {
            for (Map.Entry<String, Value> e : new TreeMap<>(s.fields()).entrySet()) {
                out.put(ConfigValues.text(e.getKey(), s.location()), e.getValue());
            }
            return out;
        }
        if (ConfigValues.isNull(d)) {
            throw new EvaluationError(where.location(), "cannot iterate over a null value");
        }
        throw new EvaluationError(where.location(), "cannot iterate over a " + ConfigValues.typeName(d));
    }

    private Value forExpression(HclExpression.ForExpr f, Scope scope) throws EvaluationError {
        SourceLocation at = f.location();
        Value coll = eval(f.collection(), scope);
        if (ConfigValues.unknown(coll)) {
            return ConfigValues.at(ConfigValues.deref(coll), at);
        }
        List<Value> items = new ArrayList<>();
        Map<String, Value> fields = new LinkedHashMap<>();
        Map<String, List<Value>> groups = new LinkedHashMap<>();
        for (Map.Entry<Value, Value> e : iterate(coll, f.collection()).entrySet()) {
            Scope inner = scope.with(f.valueVariable(), e.getValue());
            if (f.keyVariable() != null) {
                inner = inner.with(f.keyVariable(), e.getKey());
            }
            if (f.condition() != null) {
                Value c = eval(f.condition(), inner);
                if (ConfigValues.unknown(c)) {
                    return ConfigValues.at(ConfigValues.deref(c), at);
                }
                if (!bool(c, f.condition())) {
                    continue;
                }
            }
            if (f.keyResult() == null) {
                items.add(eval(f.valueResult(), inner));
                continue;
            }
            Value k = eval(f.keyResult(), inner);
            if (ConfigValues.unknown(k)) {
                return ConfigValues.at(ConfigValues.deref(k), at);
            }
            String key = ConfigValues.string(k).orElseThrow(() -> new EvaluationError(f.keyResult().location(),
                    "a for expression key must be a string"));
            Value v = eval(f.valueResult(), inner);
            if (f.grouping()) {
                groups.computeIfAbsent(key, x -> new ArrayList<>()).add(v);
            } else {
                if (fields.containsKey(key)) {
                    throw new EvaluationError(f.keyResult().location(), "duplicate key \"" + key
                            + "\" in the for expression (add ... to group the values)");
                }
                fields.put(key, v);
            }
        }
        if (f.keyResult() == null) {
            return new Value.Seq(items, at);
        }
        if (f.grouping()) {
            for (Map.Entry<String, List<Value>> g : groups.entrySet()) {
                fields.put(g.getKey(), new Value.Seq(g.getValue(), at));
            }
        }
        return new Value.Struct(fields, at);
    }

    // ---- functions ----

    private Value call(HclExpression.FunctionCall f, Scope scope) throws EvaluationError {
        String name = f.name();
        SourceLocation at = f.location();
        if (name.equals("try")) {
            EvaluationError last = null;
            for (HclExpression arg : f.args()) {
                try {
                    return eval(arg, scope);
                } catch (EvaluationError e) {
                    last = e;
                }
            }
            throw new EvaluationError(at, "no argument of try() could be evaluated"
                    + (last == null ? "" : " (the last: " + last.getMessage() + ")"));
        }
        if (name.equals("can")) {
            if (f.args().size() != 1) {
                throw new EvaluationError(at, "can() takes one argument");
            }
            try {
                Value v = eval(f.args().get(0), scope);
                if (ConfigValues.hasUnknown(v)) {
                    return ConfigValues.at(ConfigValues.deref(ConfigValues.firstUnknown(v)), at);
                }
                return ConfigValues.bool(true, at);
            } catch (EvaluationError e) {
                return ConfigValues.bool(false, at);
            }
        }
        List<Value> args = new ArrayList<>();
        for (int i = 0; i < f.args().size(); i++) {
            Value v = eval(f.args().get(i), scope);
            if (f.expandFinal() && i == f.args().size() - 1) {
                if (ConfigValues.unknown(v)) {
                    return ConfigValues.at(ConfigValues.deref(v), at);
                }
                Value d = ConfigValues.deref(v);
                if (!(d instanceof Value.Seq s)) {
                    throw new EvaluationError(f.args().get(i).location(), "the argument expanded with ... must be a "
                            + "list");
                }
                args.addAll(s.items());
            } else {
                args.add(v);
            }
        }
        return TerraformFunctions.call(name, args, at, scope.module(), this);
    }

    /** A resource (or data source) instance as an expression sees it: its attributes, later ones unknown. */
    interface InstanceObject {
        Value attribute(String name, SourceLocation at);

        ResourceKey key();
    }
}
