package dev.preflight.infra;

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
 * Builds resource graphs in memory for unit tests of views and rules, the way the loaders would: plain Java
 * maps, lists, strings, booleans and numbers become values, each on its own line; {@link #ref}, {@link #unknown}
 * and {@link #cond} make references, unknowns and conditionals.
 */
public final class WorkloadTestModel {
    private final String file;
    private final Dialect dialect;
    private final List<Resource> resources = new ArrayList<>();
    private int line = 1;

    private WorkloadTestModel(String file, Dialect dialect) {
        this.file = file;
        this.dialect = dialect;
    }

    public static WorkloadTestModel cloudFormation() {
        return new WorkloadTestModel("template.yaml", Dialect.CLOUDFORMATION);
    }

    public static WorkloadTestModel terraform() {
        return new WorkloadTestModel("plan.json", Dialect.TERRAFORM);
    }

    /** Adds a resource; properties given as alternating name, value pairs. */
    public WorkloadTestModel add(String id, String type, Object... properties) {
        return add(id, type, false, properties);
    }

    public WorkloadTestModel data(String id, String type, Object... properties) {
        return add(id, type, true, properties);
    }

    /** A resource with an undecided CloudFormation {@code Condition}: it exists only where the condition holds. */
    public WorkloadTestModel conditional(String condition, String id, String type, Object... properties) {
        return add(id, type, false, condition, properties);
    }

    private WorkloadTestModel add(String id, String type, boolean data, Object... properties) {
        return add(id, type, data, null, properties);
    }

    private WorkloadTestModel add(String id, String type, boolean data, String condition, Object... properties) {
        SourceLocation loc = next();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            m.put((String) properties[i], properties[i + 1]);
        }
        resources.add(new Resource(new ResourceKey(file, id), type, dialect, (Value.Struct) value(m), loc, null,
                null, condition, data));
        return this;
    }

    public ResourceGraph graph() {
        InputFormat format = dialect == Dialect.TERRAFORM ? InputFormat.TERRAFORM_PLAN : InputFormat.CLOUDFORMATION;
        return new ResourceGraph(List.of(new InputDocument(file, format)), resources);
    }

    public Workloads workloads() {
        return Workloads.of(graph());
    }

    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    /** A reference to a resource of the model file; {@code resolved} may be a plain object or null (unknown). */
    public Value ref(String target, String attribute, Object resolved) {
        SourceLocation loc = next();
        Value r = resolved == null
                ? new Value.Unknown(new UnknownOrigin.AssignedAtDeploy(target, attribute, target + " is assigned at deploy"), loc)
                : value(resolved);
        return new Value.Reference(new ResourceKey(file, target), attribute, r, loc);
    }

    public Value unknown(UnknownOrigin origin) {
        return new Value.Unknown(origin, next());
    }

    public Value cond(String condition, Object whenTrue, Object whenFalse) {
        SourceLocation loc = next();
        return new Value.Conditional(condition, value(whenTrue), value(whenFalse), loc);
    }

    public Value absent() {
        return new Value.Absent(next());
    }

    @SuppressWarnings("unchecked")
    public Value value(Object o) {
        if (o instanceof Value v) {
            return v;
        }
        SourceLocation loc = next();
        if (o == null) {
            return new Value.Absent(loc);
        }
        if (o instanceof String s) {
            return new Value.Text(s, loc);
        }
        if (o instanceof Boolean b) {
            return new Value.Bool(b, loc);
        }
        if (o instanceof Number n) {
            return new Value.Num(new BigDecimal(n.toString()), n.toString(), loc);
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                fields.put((String) e.getKey(), value(e.getValue()));
            }
            return new Value.Struct(fields, loc);
        }
        if (o instanceof List<?> l) {
            List<Value> items = new ArrayList<>();
            for (Object item : l) {
                items.add(value(item));
            }
            return new Value.Seq(items, loc);
        }
        throw new IllegalArgumentException("not a value: " + o);
    }

    private SourceLocation next() {
        return new SourceLocation(file, line++, 3);
    }
}
