package dev.preflight.load;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

/**
 * A value as written at another place: a CloudFormation parameter, import or output where it is used, a plan
 * value at the {@code .tf} attribute that sets it. Only the outer value moves; what it contains keeps its places.
 */
public final class Relocated {
    private Relocated() {
    }

    public static Value at(Value v, SourceLocation at) {
        if (v instanceof Value.Text t) {
            return new Value.Text(t.value(), at);
        }
        if (v instanceof Value.Num n) {
            return new Value.Num(n.value(), n.raw(), at);
        }
        if (v instanceof Value.Bool b) {
            return new Value.Bool(b.value(), at);
        }
        if (v instanceof Value.Absent) {
            return new Value.Absent(at);
        }
        if (v instanceof Value.Seq s) {
            return new Value.Seq(s.items(), at);
        }
        if (v instanceof Value.Struct s) {
            return new Value.Struct(s.fields(), at);
        }
        if (v instanceof Value.Unknown u) {
            return new Value.Unknown(u.origin(), at);
        }
        if (v instanceof Value.Conditional c) {
            return new Value.Conditional(c.condition(), c.whenTrue(), c.whenFalse(), at);
        }
        if (v instanceof Value.Reference r) {
            return new Value.Reference(r.target(), r.attribute(), r.resolved(), at);
        }
        if (v instanceof Value.Template t) {
            return new Value.Template(t.parts(), at);
        }
        return new Value.Absent(at);
    }
}
