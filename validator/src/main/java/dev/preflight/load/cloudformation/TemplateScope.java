package dev.preflight.load.cloudformation;

import dev.preflight.load.InputBudget;
import dev.preflight.load.InputException;
import dev.preflight.load.Relocated;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One template of the run with its intrinsic functions resolved lazily and memoized: parameters, conditions,
 * resource properties (so {@code Fn::GetAtt} reads the target's resolved property) and outputs. Cycles give
 * {@link UnknownOrigin.NotEvaluated} values instead of looping.
 */
final class TemplateScope {
    /** Outcome of a template condition. */
    enum Decision { TRUE, FALSE, UNDECIDED }

    final TemplateSource source;
    final String file;
    final RunScope run;
    final Optional<String> stackName;
    final Optional<String> region;
    final Optional<String> account;
    final Map<String, String> givenParameters;
    /** For a nested stack: the parent scope and the logical id of the AWS::CloudFormation::Stack resource. */
    final TemplateScope parent;
    final String parentResource;

    /** Resources as written (for key positions) and after {@code Fn::ForEach} loops are expanded. */
    private final Value.Struct rawResources;
    private Value.Struct resources;
    final Value.Struct parameters;
    final Value.Struct mappings;
    private final Value.Struct conditions;
    private Value.Struct outputs;
    private final Map<String, SourceLocation> loopLocations = new HashMap<>();

    /** The budgets of this input's loading steps (loop expansion here, resolution when the loader asks). */
    final InputBudget.Meter meter;
    private final ConditionDecider decider;
    private final Intrinsics intrinsics;
    private final Map<String, Value> propertyMemo = new HashMap<>();
    private final Set<String> propertyResolving = new HashSet<>();
    private final Map<String, Value> outputMemo = new HashMap<>();
    private final Set<String> outputResolving = new HashSet<>();
    private final Set<String> parameterResolving = new HashSet<>();

    TemplateScope(TemplateSource source, RunScope run, Optional<String> stackName, Optional<String> region,
                  Optional<String> account, Map<String, String> givenParameters, TemplateScope parent,
                  String parentResource) throws InputException {
        this.source = source;
        this.file = source.file();
        this.run = run;
        this.stackName = stackName;
        this.region = region;
        this.account = account;
        this.givenParameters = givenParameters;
        this.parent = parent;
        this.parentResource = parentResource;
        this.meter = InputBudget.meter(file);
        run.clock(meter);
        Value.Struct root = source.root();
        this.rawResources = section(root, "Resources", true);
        this.resources = rawResources; // until loops are expanded: a loop's collection may not name resources
        this.parameters = section(root, "Parameters", false);
        this.mappings = section(root, "Mappings", false);
        this.conditions = section(root, "Conditions", false);
        Value.Struct rawOutputs = section(root, "Outputs", false);
        this.outputs = rawOutputs;
        this.decider = new ConditionDecider(conditions, this::resolve);
        this.intrinsics = new Intrinsics(this);
        ForEachExpander loops = new ForEachExpander(source, this::resolve, loopLocations, meter);
        this.resources = loops.expandLoops(rawResources, true, 0);
        this.outputs = loops.expandLoops(rawOutputs, false, 0);
        validateResources();
    }

    private Value.Struct section(Value.Struct root, String name, boolean strict) throws InputException {
        Value v = root.get(name);
        if (v instanceof Value.Struct s) {
            return s;
        }
        if (v == null || v instanceof Value.Absent) {
            return new Value.Struct(Map.of(), root.location());
        }
        if (strict) {
            throw new InputException(file, v.location().line(), v.location().column(), name + " is "
                    + TemplateSource.kind(v) + "; it must be a mapping of logical ids to resource definitions");
        }
        // a malformed optional section is CloudFormation's error to report; it decides nothing here
        return new Value.Struct(Map.of(), v.location());
    }

    private void validateResources() throws InputException {
        for (Map.Entry<String, Value> e : resources.fields().entrySet()) {
            String id = e.getKey();
            if (id.startsWith("Fn::ForEach::")) {
                continue; // AWS::LanguageExtensions loop, not expanded (see resourceIds())
            }
            SourceLocation at = resourceLocation(id);
            if (!(e.getValue() instanceof Value.Struct body)) {
                throw new InputException(file, at.line(), at.column(), "resource " + id + " is "
                        + TemplateSource.kind(e.getValue()) + "; it must be a mapping with Type and Properties");
            }
            Value type = body.get("Type");
            if (type == null) {
                throw new InputException(file, at.line(), at.column(), "resource " + id
                        + " has no Type; add Type: AWS::<service>::<resource>");
            }
            if (!(type instanceof Value.Text) && !(type instanceof Value.Struct m && m.fields().size() == 1)) {
                throw new InputException(file, type.location().line(), type.location().column(), "Type of resource "
                        + id + " is " + TemplateSource.kind(type) + "; it must be a text such as AWS::EC2::Instance");
            }
            // a one-key mapping such as {"Rain::Module": "bucket.yml"} is a packaging tool's module: kept by that name
        }
    }

    // ---- the template's resources -------------------------------------------------------------------------

    List<String> resourceIds() {
        List<String> ids = new ArrayList<>();
        for (String id : resources.fields().keySet()) {
            if (!id.startsWith("Fn::ForEach::")) {
                ids.add(id);
            }
        }
        return ids;
    }

    Value.Struct resourceBody(String id) {
        return (Value.Struct) resources.get(id);
    }

    String type(String id) {
        Value type = resourceBody(id).get("Type");
        return type instanceof Value.Text t ? t.value() : ((Value.Struct) type).fields().keySet().iterator().next();
    }

    SourceLocation resourceLocation(String id) {
        SourceLocation loop = loopLocations.get(id);
        return loop != null ? loop : source.keys().of(rawResources, id);
    }

    boolean isResource(String id) {
        return resources.get(id) instanceof Value.Struct && !id.startsWith("Fn::ForEach::");
    }

    /** The resource's {@code Condition}: FALSE means the resource is not created. */
    Decision resourceCondition(String id) {
        Value c = resourceBody(id).get("Condition");
        if (c == null) {
            return Decision.TRUE;
        }
        return c.text().map(this::condition).orElse(Decision.UNDECIDED);
    }

    String resourceConditionName(String id) {
        Value c = resourceBody(id).get("Condition");
        return c == null ? null : c.text().orElse(null);
    }

    /** Resolved {@code Properties}; fields that resolve to {@code AWS::NoValue} are left out. */
    Value.Struct properties(String id) {
        Value.Struct body = resourceBody(id);
        Value raw = body.get("Properties");
        if (raw == null || raw instanceof Value.Absent) {
            return new Value.Struct(Map.of(), body.location());
        }
        if (raw instanceof Value.Struct s && !isIntrinsic(s)) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (String name : s.fields().keySet()) {
                Value v = property(id, name);
                if (!(v instanceof Value.Absent)) {
                    out.put(name, v);
                }
            }
            return new Value.Struct(out, s.location());
        }
        Value v = resolve(raw);
        return v instanceof Value.Struct s ? s : new Value.Struct(Map.of(), raw.location());
    }

    Value.Struct metadata(String id) {
        Value raw = resourceBody(id).get("Metadata");
        if (raw == null) {
            return null;
        }
        Value v = resolve(raw);
        return v instanceof Value.Struct s ? s : null;
    }

    /** One resolved top-level property of a resource (memoized; GetAtt reads it). */
    Value property(String id, String name) {
        String key = id + "\u0000" + name;
        Value memo = propertyMemo.get(key);
        if (memo != null) {
            return memo;
        }
        Value raw = resourceBody(id).get("Properties") instanceof Value.Struct p ? p.get(name) : null;
        if (raw == null) {
            return null;
        }
        if (!propertyResolving.add(key)) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("circular reference", "circular reference through " + id + "." + name), raw.location());
        }
        Value v;
        try {
            v = resolve(raw);
        } finally {
            propertyResolving.remove(key);
        }
        propertyMemo.put(key, v);
        return v;
    }

    // ---- outputs and exports ----------------------------------------------------------------------------

    /** Output logical id -> raw export name, for outputs whose condition is not false. */
    Map<String, Value> exportNames() {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : outputs.fields().entrySet()) {
            if (e.getValue() instanceof Value.Struct o && !o.at("Export", "Name").isAbsent()) {
                Value c = o.get("Condition");
                if (c != null && c.text().map(this::condition).orElse(Decision.UNDECIDED) == Decision.FALSE) {
                    continue;
                }
                out.put(e.getKey(), o.at("Export", "Name"));
            }
        }
        return out;
    }

    /** The resolved {@code Value} of an output, or null when there is no such output. */
    Value output(String name) {
        Value memo = outputMemo.get(name);
        if (memo != null) {
            return memo;
        }
        if (!(outputs.get(name) instanceof Value.Struct o) || o.get("Value") == null) {
            return null;
        }
        Value raw = o.get("Value");
        if (!outputResolving.add(name)) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("circular reference", "circular reference through output " + name
                    + " of " + file), raw.location());
        }
        Value v;
        try {
            v = resolve(raw);
        } finally {
            outputResolving.remove(name);
        }
        outputMemo.put(name, v);
        return v;
    }
    // ---- conditions ---------------------------------------------------------------------------------------

    Decision condition(String name) {
        return decider.condition(name);
    }

    Decision decide(Value raw) {
        return decider.decide(raw);
    }

    // ---- resolution ---------------------------------------------------------------------------------------

    static boolean isIntrinsic(Value.Struct s) {
        if (s.fields().size() != 1) {
            return false;
        }
        String k = s.fields().keySet().iterator().next();
        return k.equals("Ref") || k.startsWith("Fn::");
    }

    /** Resolves a raw value; {@code AWS::NoValue} gives {@link Value.Absent}, which containers drop. */
    Value resolve(Value raw) {
        InputBudget.Meter clock = run.clock();
        (clock == null ? meter : clock).tick(raw.location().line(), raw.location().column());
        if (raw instanceof Value.Struct s) {
            if (isIntrinsic(s)) {
                Map.Entry<String, Value> e = s.fields().entrySet().iterator().next();
                return intrinsics.apply(e.getKey(), e.getValue(), s.location());
            }
            Map<String, Value> out = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                Value v = resolve(e.getValue());
                if (!(v instanceof Value.Absent)) {
                    out.put(e.getKey(), v);
                }
            }
            return new Value.Struct(out, s.location());
        }
        if (raw instanceof Value.Seq s) {
            List<Value> out = new ArrayList<>(s.items().size());
            for (Value item : s.items()) {
                Value v = resolve(item);
                if (!(v instanceof Value.Absent)) {
                    out.add(v);
                }
            }
            return new Value.Seq(out, s.location());
        }
        if (raw instanceof Value.Text t && t.value().contains("{{resolve:")) {
            return intrinsics.dynamicReferences(t.value(), t.location());
        }
        return raw;
    }

    /** For a nested stack's parameter: the value the parent passes in the stack resource's Parameters. */
    Value nestedParameter(String stackResource, String name) {
        String key = stackResource + "\u0000" + name;
        if (!parameterResolving.add(key)) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("circular reference", "circular reference through nested stack parameter "
                    + name), resourceLocation(stackResource));
        }
        try {
            Value params = property(stackResource, "Parameters");
            return params == null ? null : params.get(name);
        } finally {
            parameterResolving.remove(key);
        }
    }

    /** The same value written at another place (a parameter, import or output used at {@code at}). */
    static Value relocate(Value v, SourceLocation at) {
        return Relocated.at(v, at);
    }
}
