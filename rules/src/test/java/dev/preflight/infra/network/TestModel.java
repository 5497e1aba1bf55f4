package dev.preflight.infra.network;

import dev.preflight.model.Dialect;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds model values and resources the way the loaders do, for unit tests of the network logic. Java values map
 * to model values: Map to Struct, List to Seq, String to Text, Number to Num, Boolean to Bool; Values pass through.
 */
public final class TestModel {
    private final String input;
    private final Dialect dialect;
    private final List<Resource> resources = new ArrayList<>();
    private int line = 1;

    public TestModel(String input, Dialect dialect) {
        this.input = input;
        this.dialect = dialect;
    }

    public static TestModel cfn() {
        return new TestModel("template.yaml", Dialect.CLOUDFORMATION);
    }

    public static TestModel tf() {
        return new TestModel("plan.json", Dialect.TERRAFORM);
    }

    SourceLocation at() {
        return new SourceLocation(input, line++, 3);
    }

    public Resource add(String id, String type, Map<String, ?> props) {
        return add(id, type, props, null, false);
    }

    public Resource add(String id, String type, Map<String, ?> props, String condition, boolean data) {
        SourceLocation loc = at();
        Resource r = new Resource(new ResourceKey(input, id), type, dialect, (Value.Struct) v(props), loc, null,
                null, condition, data);
        resources.add(r);
        return r;
    }

    public ResourceGraph graph() {
        InputFormat f = dialect == Dialect.TERRAFORM ? InputFormat.TERRAFORM_PLAN : InputFormat.CLOUDFORMATION;
        return new ResourceGraph(List.of(new InputDocument(input, f)), resources);
    }

    public Value v(Object o) {
        if (o instanceof Value v) {
            return v;
        }
        SourceLocation loc = at();
        if (o instanceof Map<?, ?> m) {
            Map<String, Value> f = new LinkedHashMap<>();
            m.forEach((k, x) -> f.put((String) k, v(x)));
            return new Value.Struct(f, loc);
        }
        if (o instanceof List<?> l) {
            List<Value> items = new ArrayList<>();
            for (Object x : l) {
                items.add(v(x));
            }
            return new Value.Seq(items, loc);
        }
        if (o instanceof String s) {
            return new Value.Text(s, loc);
        }
        if (o instanceof Number n) {
            return new Value.Num(new BigDecimal(n.toString()), n.toString(), loc);
        }
        if (o instanceof Boolean b) {
            return new Value.Bool(b, loc);
        }
        if (o == null) {
            return new Value.Absent(loc);
        }
        throw new IllegalArgumentException(o.getClass().toString());
    }

    /** {@code Ref X} / {@code aws_x.y.id}: a reference whose value is assigned at deploy. */
    public Value ref(String id) {
        return ref(id, null);
    }

    public Value ref(String id, String attribute) {
        SourceLocation loc = at();
        return new Value.Reference(new ResourceKey(input, id), attribute,
                new Value.Unknown(new UnknownOrigin.AssignedAtDeploy(id, attribute, id + " is assigned at deploy"), loc), loc);
    }

    /** A reference whose value the inputs decide (a VPC's CidrBlock through GetAtt). */
    public Value ref(String id, String attribute, Object resolved) {
        SourceLocation loc = at();
        return new Value.Reference(new ResourceKey(input, id), attribute, v(resolved), loc);
    }

    public Value unknown(UnknownOrigin origin) {
        return new Value.Unknown(origin, at());
    }

    public Value param(String name) {
        return unknown(new UnknownOrigin.ParameterWithoutValue(name, false));
    }

    /** A Terraform attribute the configuration does not set: absent, the provider default applies. */
    public Value notConfigured(String attr) {
        return absent();
    }

    public Value absent() {
        return new Value.Absent(at());
    }

    public Value when(String condition, Object whenTrue, Object whenFalse) {
        return new Value.Conditional(condition, v(whenTrue), v(whenFalse), at());
    }

    public Value noValue() {
        return new Value.Absent(at());
    }

    /** A map literal that keeps insertion order and allows null-free varargs. */
    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
