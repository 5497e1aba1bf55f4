package dev.preflight.load.terraform.config;

import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variable's {@code type} applied to its value as Terraform converts it: {@code optional(type, default)}
 * attributes of objects filled in (null when no default), elements of lists, sets, maps and tuples converted, numbers
 * and booleans given to {@code string} become strings. Values that do not fit are left as they are (Terraform would
 * reject them; the rules then see what was written).
 */
final class TypeConstraint {
    private TypeConstraint() {
    }

    static Value convert(Value value, HclExpression type, ExpressionEvaluator ev, Scope scope) {
        if (type == null || value == null || ConfigValues.unknown(value)) {
            return value;
        }
        Value d = ConfigValues.deref(value);
        if (ConfigValues.isNull(d)) {
            return value;
        }
        if (type instanceof HclExpression.Variable v) {
            if (v.name().equals("string") && (d instanceof Value.Num || d instanceof Value.Bool)) {
                return ConfigValues.text(ConfigValues.string(d).orElse(""), d.location());
            }
            return value;
        }
        if (!(type instanceof HclExpression.FunctionCall f) || f.args().isEmpty()) {
            return value;
        }
        HclExpression arg = f.args().get(0);
        switch (f.name()) {
            case "list", "set" -> {
                if (d instanceof Value.Seq s) {
                    List<Value> out = new ArrayList<>();
                    for (Value i : s.items()) {
                        out.add(convert(i, arg, ev, scope));
                    }
                    return new Value.Seq(out, s.location());
                }
                return value;
            }
            case "map" -> {
                if (d instanceof Value.Struct s && ev.run().instanceOf(value) == null) {
                    Map<String, Value> out = new LinkedHashMap<>();
                    s.fields().forEach((k, x) -> out.put(k, convert(x, arg, ev, scope)));
                    return new Value.Struct(out, s.location());
                }
                return value;
            }
            case "tuple" -> {
                if (d instanceof Value.Seq s && arg instanceof HclExpression.Tuple t) {
                    List<Value> out = new ArrayList<>();
                    for (int i = 0; i < s.items().size(); i++) {
                        out.add(i < t.items().size() ? convert(s.items().get(i), t.items().get(i), ev, scope)
                                : s.items().get(i));
                    }
                    return new Value.Seq(out, s.location());
                }
                return value;
            }
            case "object" -> {
                if (!(d instanceof Value.Struct s) || !(arg instanceof HclExpression.ObjectCons o)
                        || ev.run().instanceOf(value) != null) {
                    return value;
                }
                Map<String, Value> out = new LinkedHashMap<>(s.fields());
                for (HclExpression.ObjectItem item : o.items()) {
                    String name = item.key() instanceof HclExpression.Literal l && l.value() instanceof String n ? n
                            : null;
                    if (name == null) {
                        continue;
                    }
                    HclExpression attrType = item.value();
                    if (attrType instanceof HclExpression.FunctionCall opt && opt.name().equals("optional")
                            && !opt.args().isEmpty()) {
                        HclExpression inner = opt.args().get(0);
                        Value given = out.get(name);
                        if (given == null || ConfigValues.isNull(given)) {
                            Value def = opt.args().size() > 1 ? ev.evaluate(opt.args().get(1), scope)
                                    : ConfigValues.nul(s.location());
                            out.put(name, convert(def, inner, ev, scope));
                        } else {
                            out.put(name, convert(given, inner, ev, scope));
                        }
                    } else if (out.containsKey(name)) {
                        out.put(name, convert(out.get(name), attrType, ev, scope));
                    }
                }
                return new Value.Struct(out, s.location());
            }
            default -> {
                return value;
            }
        }
    }
}
