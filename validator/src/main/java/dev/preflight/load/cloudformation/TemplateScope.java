package dev.preflight.load.cloudformation;

import dev.preflight.load.InputException;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One template of the run with its intrinsic functions resolved lazily and memoized: parameters, conditions,
 * resource properties (so {@code Fn::GetAtt} reads the target's resolved property) and outputs. Cycles give
 * {@link UnknownReason#UNSUPPORTED} values instead of looping.
 */
final class TemplateScope {
    /** Outcome of a template condition. */
    enum Decision { TRUE, FALSE, UNDECIDED }

    private static final Pattern DYNAMIC = Pattern.compile("\\{\\{resolve:(ssm-secure|ssm|secretsmanager):([^}]*)}}");
    /** Conditionals lifted out of a string before its unknown parts are kept as they are. */
    private static final int MAX_LIFTED_CONDITIONS = 4;

    private static final Map<String, String> REF_NAME_PROPERTY = Map.ofEntries(
            Map.entry("AWS::SSM::Parameter", "Name"),
            Map.entry("AWS::IAM::Role", "RoleName"),
            Map.entry("AWS::IAM::InstanceProfile", "InstanceProfileName"),
            Map.entry("AWS::IAM::User", "UserName"),
            Map.entry("AWS::IAM::Group", "GroupName"),
            Map.entry("AWS::S3::Bucket", "BucketName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry("AWS::EC2::KeyPair", "KeyName"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::AutoScaling::AutoScalingGroup", "AutoScalingGroupName"),
            Map.entry("AWS::AutoScaling::LaunchConfiguration", "LaunchConfigurationName"),
            Map.entry("AWS::ECS::Cluster", "ClusterName"),
            Map.entry("AWS::Events::Rule", "Name"));

    final TemplateSource source;
    final String file;
    private final RunScope run;
    private final Optional<String> stackName;
    private final Optional<String> region;
    private final Optional<String> account;
    private final Map<String, String> givenParameters;
    /** For a nested stack: the parent scope and the logical id of the AWS::CloudFormation::Stack resource. */
    private final TemplateScope parent;
    private final String parentResource;

    /** Resources as written (for key positions) and after {@code Fn::ForEach} loops are expanded. */
    private final Value.Struct rawResources;
    private Value.Struct resources;
    private final Value.Struct parameters;
    private final Value.Struct mappings;
    private final Value.Struct conditions;
    private Value.Struct outputs;
    private final Map<String, SourceLocation> loopLocations = new HashMap<>();

    private final Map<String, Decision> decided = new HashMap<>();
    private final Set<String> deciding = new HashSet<>();
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
        Value.Struct root = source.root();
        this.rawResources = section(root, "Resources", true);
        this.resources = rawResources; // until loops are expanded: a loop's collection may not name resources
        this.parameters = section(root, "Parameters", false);
        this.mappings = section(root, "Mappings", false);
        this.conditions = section(root, "Conditions", false);
        Value.Struct rawOutputs = section(root, "Outputs", false);
        this.outputs = rawOutputs;
        this.resources = expandLoops(rawResources, true, 0);
        this.outputs = expandLoops(rawOutputs, false, 0);
        validateResources();
    }

    /**
     * {@code Fn::ForEach::Name: [Identifier, Collection, {Key${Identifier}: body}]} of AWS::LanguageExtensions,
     * expanded for every item of a collection that resolves to known texts ({@code ${Identifier}},
     * {@code &{Identifier}} and {@code Ref: Identifier} replaced). A loop over an unknown collection gives nothing.
     */
    private Value.Struct expandLoops(Value.Struct section, boolean resourceSection, int depth) {
        boolean any = false;
        for (String k : section.fields().keySet()) {
            any |= k.startsWith("Fn::ForEach::");
        }
        if (!any || depth > 5) {
            return section;
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : section.fields().entrySet()) {
            if (!e.getKey().startsWith("Fn::ForEach::")) {
                out.putIfAbsent(e.getKey(), e.getValue());
                continue;
            }
            List<Value> loop = e.getValue().items();
            if (loop.size() != 3 || !(loop.get(0) instanceof Value.Text identifier)
                    || !(loop.get(2) instanceof Value.Struct body)) {
                continue;
            }
            Value collection = resolve(loop.get(1));
            for (Value item : collection.items()) {
                Optional<String> text = scalarText(item);
                if (text.isEmpty()) {
                    continue;
                }
                Value.Struct expanded = (Value.Struct) substitute(body, identifier.value(), text.get());
                Value.Struct inner = expandLoops(expanded, resourceSection, depth + 1);
                List<String> originalKeys = new ArrayList<>(body.fields().keySet());
                for (Map.Entry<String, Value> x : inner.fields().entrySet()) {
                    if (out.putIfAbsent(x.getKey(), x.getValue()) == null && resourceSection) {
                        int index = new ArrayList<>(expanded.fields().keySet()).indexOf(x.getKey());
                        loopLocations.put(x.getKey(), index >= 0 && index < originalKeys.size()
                                ? source.keys().of(body, originalKeys.get(index))
                                : source.keys().of(section, e.getKey()));
                    }
                }
            }
        }
        return new Value.Struct(out, section.location());
    }

    private static Value substitute(Value v, String identifier, String item) {
        if (v instanceof Value.Text t) {
            return new Value.Text(replaceIdentifier(t.value(), identifier, item), t.location());
        }
        if (v instanceof Value.Seq s) {
            List<Value> items = new ArrayList<>();
            for (Value i : s.items()) {
                items.add(substitute(i, identifier, item));
            }
            return new Value.Seq(items, s.location());
        }
        if (v instanceof Value.Struct s) {
            if (s.fields().size() == 1 && s.get("Ref") instanceof Value.Text r && r.value().equals(identifier)) {
                return new Value.Text(item, s.location());
            }
            Map<String, Value> fields = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                fields.put(replaceIdentifier(e.getKey(), identifier, item), substitute(e.getValue(), identifier, item));
            }
            return new Value.Struct(fields, s.location());
        }
        return v;
    }

    private static String replaceIdentifier(String s, String identifier, String item) {
        if (s.indexOf('{') < 0) {
            return s;
        }
        return s.replace("${" + identifier + "}", item)
                .replace("&{" + identifier + "}", item.replaceAll("[^A-Za-z0-9]", ""));
    }

    private Value.Struct section(Value.Struct root, String name, boolean strict) throws InputException {
        Value v = root.get(name);
        if (v instanceof Value.Struct s) {
            return s;
        }
        if (v == null || v instanceof Value.Null) {
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
        if (raw == null || raw instanceof Value.Null) {
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
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "circular reference through " + id + "." + name,
                    raw.location());
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
            if (e.getValue() instanceof Value.Struct o && o.at("Export", "Name") != null) {
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
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "circular reference through output " + name
                    + " of " + file, raw.location());
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

    private Decision decide(Value raw) {
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
        if (raw instanceof Value.Struct s) {
            if (isIntrinsic(s)) {
                Map.Entry<String, Value> e = s.fields().entrySet().iterator().next();
                return intrinsic(e.getKey(), e.getValue(), s.location());
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
            return dynamicReferences(t.value(), t.location());
        }
        return raw;
    }

    private Value intrinsic(String fn, Value arg, SourceLocation at) {
        switch (fn) {
            case "Ref":
                return ref(nameOf(arg), at);
            case "Fn::GetAtt":
                return getAtt(arg, at);
            case "Fn::Sub":
                return sub(arg, at);
            case "Fn::Join":
                return join(arg, at);
            case "Fn::Select":
                return select(arg, at);
            case "Fn::Split":
                return split(arg, at);
            case "Fn::FindInMap":
                return findInMap(arg, at);
            case "Fn::If":
                return fnIf(arg, at);
            case "Fn::ImportValue":
                return importValue(arg, at);
            case "Fn::Base64":
                return resolve(arg);
            case "Fn::GetAZs":
                return new Value.Unknown(UnknownReason.ASSIGNED_AT_DEPLOY, "Availability Zones of "
                        + region.orElse("the deploy region"), at);
            case "Fn::Cidr":
                return cidr(arg, at);
            case "Fn::ToJsonString":
                return toJsonString(arg, at);
            case "Fn::Length":
                return length(arg, at);
            case "Fn::Transform":
                return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Transform macro"
                        + Optional.ofNullable(arg.get("Name")).flatMap(Value::text).map(n -> " " + n).orElse("")
                        + " runs at deploy", at);
            case "Fn::Equals":
            case "Fn::And":
            case "Fn::Or":
            case "Fn::Not": {
                Decision d = decide(new Value.Struct(Map.of(fn, arg), at));
                return d == Decision.UNDECIDED
                        ? new Value.Unknown(UnknownReason.UNSUPPORTED, fn + " that cannot be decided", at)
                        : new Value.Bool(d == Decision.TRUE, at);
            }
            default:
                return new Value.Unknown(UnknownReason.UNSUPPORTED, "intrinsic function " + fn
                        + " is not evaluated", at);
        }
    }

    /** The name argument of Ref/GetAtt parts (a text, or an intrinsic that resolves to one). */
    private String nameOf(Value arg) {
        if (arg instanceof Value.Text t) {
            return t.value();
        }
        return resolve(arg).text().orElse(null);
    }

    Value ref(String name, SourceLocation at) {
        if (name == null) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Ref to a name that is not known", at);
        }
        if (name.startsWith("AWS::")) {
            return pseudo(name, at);
        }
        if (parameters.get(name) != null) {
            return parameter(name, at);
        }
        if (isResource(name)) {
            return new Value.Reference(new ResourceKey(file, name), null, refValue(name, at), at);
        }
        return new Value.Unknown(UnknownReason.OUTSIDE_INPUTS, "Ref to " + name
                + ", which is not a parameter or resource of " + file, at);
    }

    private Value refValue(String id, SourceLocation at) {
        String nameProperty = REF_NAME_PROPERTY.get(type(id));
        if (nameProperty != null) {
            Value v = property(id, nameProperty);
            if (v != null && v.text().isPresent()) {
                return v;
            }
        }
        return new Value.Unknown(UnknownReason.ASSIGNED_AT_DEPLOY, "physical id of " + id, at);
    }

    private Value pseudo(String name, SourceLocation at) {
        switch (name) {
            case "AWS::Region":
                return region.<Value>map(r -> new Value.Text(r, at)).orElseGet(() ->
                        new Value.Unknown(UnknownReason.PSEUDO_PARAMETER, "AWS::Region (give --region)", at));
            case "AWS::AccountId":
                return account.<Value>map(r -> new Value.Text(r, at)).orElseGet(() ->
                        new Value.Unknown(UnknownReason.PSEUDO_PARAMETER, "AWS::AccountId (give --account)", at));
            case "AWS::Partition":
                return new Value.Text(partition(), at);
            case "AWS::URLSuffix":
                return new Value.Text(partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com", at);
            case "AWS::StackName":
                return stackName.<Value>map(s -> new Value.Text(s, at)).orElseGet(() ->
                        new Value.Unknown(UnknownReason.PSEUDO_PARAMETER, "AWS::StackName (chosen at deploy)", at));
            case "AWS::NoValue":
                return new Value.Absent(at);
            default:
                // AWS::StackId, AWS::NotificationARNs and names CloudFormation may add
                return new Value.Unknown(UnknownReason.PSEUDO_PARAMETER, name + " (known at deploy)", at);
        }
    }

    private String partition() {
        String r = region.orElse("");
        if (r.startsWith("cn-")) {
            return "aws-cn";
        }
        if (r.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** A parameter's value at a use site: given value, then Default (nested stacks: the parent's value). */
    Value parameter(String name, SourceLocation at) {
        Value def = parameters.get(name);
        String type = def.get("Type") == null ? "String" : def.get("Type").text().orElse("String");
        Value value = null;
        if (parent != null) {
            value = parent.nestedParameter(parentResource, name);
            if (value != null) {
                value = relocate(value, at);
            }
        } else if (givenParameters.containsKey(name)) {
            value = resolve(new Value.Text(givenParameters.get(name), at)); // may be a {{resolve:...}} reference
        }
        if (value == null && def.get("Default") != null && !(def.get("Default") instanceof Value.Null)) {
            value = relocate(resolve(def.get("Default")), at);
        }
        if (type.startsWith("AWS::SSM::Parameter::Value<")) {
            if (value == null || value.text().isEmpty()) {
                return new Value.Unknown(UnknownReason.PARAMETER_WITHOUT_VALUE, "parameter " + name
                        + " (SSM parameter type) has no value or default", at);
            }
            return new Value.Unknown(UnknownReason.DYNAMIC_REFERENCE, "ssm:" + value.text().get()
                    + " (SSM parameter named by parameter " + name + ", resolved at deploy)", at);
        }
        if (value == null) {
            return new Value.Unknown(UnknownReason.PARAMETER_WITHOUT_VALUE, "parameter " + name
                    + " has no value or default", at);
        }
        if ((type.startsWith("List<") || type.equals("CommaDelimitedList")) && value.text().isPresent()) {
            List<Value> items = new ArrayList<>();
            for (String part : value.text().get().split(",", -1)) {
                items.add(new Value.Text(part.trim(), at));
            }
            return new Value.Seq(items, at);
        }
        return value;
    }

    /** For a nested stack's parameter: the value the parent passes in the stack resource's Parameters. */
    private Value nestedParameter(String stackResource, String name) {
        String key = stackResource + "\u0000" + name;
        if (!parameterResolving.add(key)) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "circular reference through nested stack parameter "
                    + name, resourceLocation(stackResource));
        }
        try {
            Value params = property(stackResource, "Parameters");
            return params == null ? null : params.get(name);
        } finally {
            parameterResolving.remove(key);
        }
    }

    private Value getAtt(Value arg, SourceLocation at) {
        String id;
        String attribute;
        if (arg instanceof Value.Text t) {
            int dot = t.value().indexOf('.');
            id = dot < 0 ? t.value() : t.value().substring(0, dot);
            attribute = dot < 0 ? "" : t.value().substring(dot + 1);
        } else {
            List<Value> items = arg.items();
            id = items.isEmpty() ? null : nameOf(items.get(0));
            attribute = items.size() < 2 ? null : nameOf(items.get(1));
        }
        if (id == null || attribute == null) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::GetAtt with an attribute that is not known", at);
        }
        if (!isResource(id)) {
            return new Value.Unknown(UnknownReason.OUTSIDE_INPUTS, "Fn::GetAtt " + id + "." + attribute + ": "
                    + id + " is not a resource of " + file, at);
        }
        ResourceKey target = new ResourceKey(file, id);
        if (attribute.startsWith("Outputs.")
                && (type(id).equals("AWS::CloudFormation::Stack") || type(id).equals("AWS::Serverless::Application"))) {
            TemplateScope nested = run.nested(this, id);
            if (nested == null) {
                return new Value.Reference(target, attribute, new Value.Unknown(UnknownReason.OUTSIDE_INPUTS,
                        "output " + attribute.substring("Outputs.".length()) + " of nested stack " + id
                                + ", whose template is not among the inputs", at), at);
            }
            Value out = nested.output(attribute.substring("Outputs.".length()));
            if (out instanceof Value.Reference) {
                return relocate(out, at); // the resource inside the nested stack is what rules want
            }
            if (out != null) {
                return new Value.Reference(target, attribute, out, at);
            }
        }
        Value property = property(id, attribute);
        if (property != null && !(property instanceof Value.Absent)) {
            return new Value.Reference(target, attribute, property, at);
        }
        return new Value.Reference(target, attribute, new Value.Unknown(UnknownReason.ASSIGNED_AT_DEPLOY,
                id + "." + attribute + " is assigned at deploy", at), at);
    }

    private Value sub(Value arg, SourceLocation at) {
        String template;
        Value.Struct vars = null;
        if (arg instanceof Value.Text t) {
            template = t.value();
        } else if (arg instanceof Value.Seq s && !s.items().isEmpty() && s.items().get(0) instanceof Value.Text t) {
            template = t.value();
            if (s.items().size() > 1 && s.items().get(1) instanceof Value.Struct m) {
                vars = m;
            }
        } else if (arg instanceof Value.Struct s && isIntrinsic(s) && resolve(s) instanceof Value.Text t) {
            template = t.value();
        } else {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Sub whose template is not a text", at);
        }
        List<Value> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("${", i);
            if (open < 0) {
                literal.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open + 2);
            if (close < 0) {
                literal.append(template, i, template.length());
                break;
            }
            literal.append(template, i, open);
            String expr = template.substring(open + 2, close);
            if (expr.startsWith("!")) {
                literal.append("${").append(expr.substring(1)).append('}');
            } else {
                if (literal.length() > 0) {
                    pieces.add(new Value.Text(literal.toString(), at));
                    literal.setLength(0);
                }
                pieces.add(subVariable(expr.trim(), vars, at));
            }
            i = close + 1;
        }
        if (literal.length() > 0) {
            pieces.add(new Value.Text(literal.toString(), at));
        }
        return concat(pieces, at, 0);
    }

    private Value subVariable(String name, Value.Struct vars, SourceLocation at) {
        if (vars != null && vars.get(name) != null) {
            return relocate(resolve(vars.get(name)), at);
        }
        if (name.startsWith("AWS::") || parameters.get(name) != null || isResource(name)) {
            return ref(name, at);
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            return getAtt(new Value.Text(name, at), at);
        }
        return new Value.Unknown(UnknownReason.OUTSIDE_INPUTS, "${" + name + "} names no parameter, resource or "
                + "variable of " + file, at);
    }

    /**
     * Joins pieces into text: all known gives {@link Value.Text}; an undecided condition in a piece gives a
     * {@link Value.Conditional} of the joined branches; otherwise a {@link Value.Template}.
     */
    private Value concat(List<Value> pieces, SourceLocation at, int lifted) {
        for (int k = 0; k < pieces.size() && lifted < MAX_LIFTED_CONDITIONS; k++) {
            if (pieces.get(k) instanceof Value.Conditional c) {
                List<Value> whenTrue = new ArrayList<>(pieces);
                whenTrue.set(k, c.whenTrue());
                List<Value> whenFalse = new ArrayList<>(pieces);
                whenFalse.set(k, c.whenFalse());
                return new Value.Conditional(c.condition(), concat(whenTrue, at, lifted + 1),
                        concat(whenFalse, at, lifted + 1), at);
            }
        }
        List<Value> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean known = true;
        for (Value p : pieces) {
            List<Value> flat = p instanceof Value.Template t ? t.parts() : List.of(p);
            for (Value f : flat) {
                Optional<String> s = scalarText(f);
                if (s.isPresent()) {
                    text.append(s.get());
                    continue;
                }
                known = false;
                if (text.length() > 0) {
                    parts.add(new Value.Text(text.toString(), at));
                    text.setLength(0);
                }
                parts.add(f instanceof Value.Absent ? new Value.Unknown(UnknownReason.UNSUPPORTED,
                        "AWS::NoValue inside a string", f.location()) : f);
            }
        }
        if (known) {
            String s = text.toString();
            return s.contains("{{resolve:") ? dynamicReferences(s, at) : new Value.Text(s, at);
        }
        if (text.length() > 0) {
            parts.add(new Value.Text(text.toString(), at));
        }
        return new Value.Template(parts, at);
    }

    /** Text of a known scalar (also through a reference); lists, maps and unknowns have none. */
    private static Optional<String> scalarText(Value v) {
        if (v instanceof Value.Text || v instanceof Value.Num || v instanceof Value.Bool) {
            return v.text();
        }
        if (v instanceof Value.Reference r) {
            return scalarText(r.resolved());
        }
        return Optional.empty();
    }

    /** A string with {@code {{resolve:...}}} dynamic references: unknown (ssm detail {@code ssm:<name>}). */
    private Value dynamicReferences(String s, SourceLocation at) {
        Matcher m = DYNAMIC.matcher(s);
        List<Value> parts = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(new Value.Text(s.substring(last, m.start()), at));
            }
            String service = m.group(1);
            String name = m.group(2);
            String detail;
            if (service.equals("secretsmanager")) {
                int colon = name.indexOf(':', name.startsWith("arn:") ? nthColon(name, 7) + 1 : 0);
                detail = "secretsmanager:" + (colon < 0 ? name : name.substring(0, colon));
            } else {
                String param = name.replaceFirst(":\\d+$", "");
                detail = "ssm:" + param + (service.equals("ssm-secure") ? " (secure string)" : "");
            }
            parts.add(new Value.Unknown(UnknownReason.DYNAMIC_REFERENCE, detail + " (dynamic reference " + m.group()
                    + ", resolved at deploy)", at));
            last = m.end();
        }
        if (parts.isEmpty()) {
            return new Value.Text(s, at);
        }
        if (last < s.length()) {
            parts.add(new Value.Text(s.substring(last), at));
        }
        return parts.size() == 1 ? parts.get(0) : new Value.Template(parts, at);
    }

    private static int nthColon(String s, int n) {
        int i = -1;
        for (int k = 0; k < n; k++) {
            i = s.indexOf(':', i + 1);
            if (i < 0) {
                return s.length();
            }
        }
        return i;
    }

    private Value join(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 2) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Join needs [delimiter, list]", at);
        }
        Value delimiter = resolve(args.get(0));
        Value list = resolve(args.get(1));
        return joinResolved(delimiter, list, at, 0);
    }

    private Value joinResolved(Value delimiter, Value list, SourceLocation at, int lifted) {
        if (list instanceof Value.Conditional c && lifted < MAX_LIFTED_CONDITIONS) {
            return new Value.Conditional(c.condition(), joinResolved(delimiter, c.whenTrue(), at, lifted + 1),
                    joinResolved(delimiter, c.whenFalse(), at, lifted + 1), at);
        }
        Optional<String> d = scalarText(delimiter);
        Value items = list instanceof Value.Reference r ? r.resolved() : list;
        if (d.isEmpty() || !(items instanceof Value.Seq seq)) {
            return unknownFrom(d.isEmpty() ? delimiter : list, "Fn::Join", at);
        }
        List<Value> pieces = new ArrayList<>();
        for (Value item : seq.items()) {
            if (!pieces.isEmpty()) {
                pieces.add(new Value.Text(d.get(), at));
            }
            pieces.add(item);
        }
        return concat(pieces, at, lifted);
    }

    /** An unknown result of {@code fn} that keeps the reason of the unknown input. */
    private static Value unknownFrom(Value input, String fn, SourceLocation at) {
        Value.Unknown u = firstUnknown(input);
        if (u != null) {
            return new Value.Unknown(u.reason(), fn + " of " + u.describe(), at);
        }
        if (input instanceof Value.Conditional c) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, fn + " of a value that depends on condition "
                    + c.condition(), at);
        }
        return new Value.Unknown(UnknownReason.UNSUPPORTED, fn + " of " + TemplateSource.kind(input)
                + " that cannot be evaluated", at);
    }

    private static Value.Unknown firstUnknown(Value v) {
        if (v instanceof Value.Unknown u) {
            return u;
        }
        if (v instanceof Value.Reference r) {
            return firstUnknown(r.resolved());
        }
        List<Value> children = v instanceof Value.Template t ? t.parts() : v instanceof Value.Seq s ? s.items()
                : v instanceof Value.Struct s ? new ArrayList<>(s.fields().values()) : List.of();
        for (Value c : children) {
            Value.Unknown u = firstUnknown(c);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    private Value select(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 2) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Select needs [index, list]", at);
        }
        Value index = resolve(args.get(0));
        Value list = resolve(args.get(1));
        Optional<Long> i = index.integer();
        if (i.isEmpty()) {
            return unknownFrom(index, "Fn::Select", at);
        }
        if (list instanceof Value.Conditional c) {
            return new Value.Conditional(c.condition(), selectResolved(i.get(), c.whenTrue(), at),
                    selectResolved(i.get(), c.whenFalse(), at), at);
        }
        return selectResolved(i.get(), list, at);
    }

    private Value selectResolved(long i, Value list, SourceLocation at) {
        Value items = list instanceof Value.Reference r ? r.resolved() : list;
        if (items instanceof Value.Seq s) {
            if (i < 0 || i >= s.items().size()) {
                return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Select index " + i + " is outside a list of "
                        + s.items().size(), at);
            }
            return s.items().get((int) i);
        }
        if (items instanceof Value.Unknown u && u.detail().startsWith("Availability Zones of")) {
            return new Value.Unknown(UnknownReason.ASSIGNED_AT_DEPLOY, "Availability Zone " + i + " of "
                    + region.orElse("the deploy region"), at);
        }
        return unknownFrom(list, "Fn::Select", at);
    }

    private Value split(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 2) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Split needs [delimiter, text]", at);
        }
        Optional<String> d = scalarText(resolve(args.get(0)));
        Value s = resolve(args.get(1));
        Optional<String> text = scalarText(s);
        if (d.isPresent() && !d.get().isEmpty() && text.isEmpty() && s instanceof Value.Template t) {
            Value split = splitTemplate(t, d.get(), at);
            if (split != null) {
                return split;
            }
        }
        if (d.isEmpty() || d.get().isEmpty() || text.isEmpty()) {
            return unknownFrom(s, "Fn::Split", at);
        }
        List<Value> items = new ArrayList<>();
        for (String part : text.get().split(Pattern.quote(d.get()), -1)) {
            items.add(new Value.Text(part, at));
        }
        return new Value.Seq(items, at);
    }

    /**
     * {@code !Split [',', !Join [',', [!Ref SubnetA, !Ref SubnetB]]]} (often through an export): the pieces are the
     * references again. Only references to resources may sit between delimiters: a physical id never contains the
     * delimiter, while an unknown parameter might, so anything else keeps the list unknown (null).
     */
    private static Value splitTemplate(Value.Template t, String delimiter, SourceLocation at) {
        List<Value> items = new ArrayList<>();
        List<Value> current = new ArrayList<>();
        for (Value part : t.parts()) {
            if (part instanceof Value.Text x) {
                String[] pieces = x.value().split(Pattern.quote(delimiter), -1);
                for (int i = 0; i < pieces.length; i++) {
                    if (i > 0) {
                        items.add(joined(current, at));
                        current = new ArrayList<>();
                    }
                    if (!pieces[i].isEmpty()) {
                        current.add(new Value.Text(pieces[i], x.location()));
                    }
                }
            } else if (part instanceof Value.Reference) {
                current.add(part);
            } else {
                return null;
            }
        }
        items.add(joined(current, at));
        return new Value.Seq(items, at);
    }

    private static Value joined(List<Value> parts, SourceLocation at) {
        if (parts.isEmpty()) {
            return new Value.Text("", at);
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return new Value.Template(parts, at);
    }

    private Value findInMap(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() < 3) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::FindInMap needs [map, key, key]", at);
        }
        Value fallback = args.size() > 3 ? args.get(3).get("DefaultValue") : null;
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Value key = resolve(args.get(k));
            Optional<String> t = scalarText(key);
            if (t.isEmpty()) {
                return unknownFrom(key, "Fn::FindInMap", at);
            }
            keys.add(t.get());
        }
        Value found = mappings.get(keys.get(0));
        found = found == null ? null : found.get(keys.get(1));
        found = found == null ? null : found.get(keys.get(2));
        if (found == null) {
            if (fallback != null) {
                return relocate(resolve(fallback), at);
            }
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::FindInMap: mapping " + keys.get(0)
                    + " has no " + keys.get(1) + "/" + keys.get(2), at);
        }
        return resolve(found);
    }

    private Value fnIf(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 3) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::If needs [condition, then, else]", at);
        }
        String name = nameOf(args.get(0));
        Decision d = name == null ? Decision.UNDECIDED : condition(name);
        if (d == Decision.TRUE) {
            return resolve(args.get(1));
        }
        if (d == Decision.FALSE) {
            return resolve(args.get(2));
        }
        return new Value.Conditional(name == null ? "?" : name, resolve(args.get(1)), resolve(args.get(2)), at);
    }

    private Value importValue(Value arg, SourceLocation at) {
        Value name = resolve(arg);
        Optional<String> n = scalarText(name);
        if (n.isEmpty()) {
            Value.Unknown u = firstUnknown(name);
            return new Value.Unknown(UnknownReason.IMPORT_NOT_FOUND, "Fn::ImportValue of a name that is not known"
                    + (u == null ? "" : " (" + u.describe() + ")"), at);
        }
        Value exported = run.export(n.get());
        if (exported == null) {
            return new Value.Unknown(UnknownReason.IMPORT_NOT_FOUND, "Fn::ImportValue '" + n.get()
                    + "' is not exported by any input", at);
        }
        return relocate(exported, at);
    }

    private Value cidr(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 3) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Cidr needs [block, count, bits]", at);
        }
        Value block = resolve(args.get(0));
        Optional<String> b = scalarText(block);
        Optional<Long> count = resolve(args.get(1)).integer();
        Optional<Long> bits = resolve(args.get(2)).integer();
        if (b.isEmpty()) {
            return unknownFrom(block, "Fn::Cidr", at);
        }
        if (count.isEmpty() || bits.isEmpty()) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Cidr with a count or size that is not known", at);
        }
        List<String> subnets = Ipv4Cidr.split(b.get(), count.get(), bits.get());
        if (subnets == null) {
            return new Value.Unknown(UnknownReason.UNSUPPORTED, "Fn::Cidr of " + b.get() + " is not evaluated", at);
        }
        List<Value> items = new ArrayList<>();
        for (String s : subnets) {
            items.add(new Value.Text(s, at));
        }
        return new Value.Seq(items, at);
    }

    private Value toJsonString(Value arg, SourceLocation at) {
        Value v = resolve(arg);
        if (!v.isKnown()) {
            return unknownFrom(v, "Fn::ToJsonString", at);
        }
        StringBuilder b = new StringBuilder();
        writeJson(v, b);
        return new Value.Text(b.toString(), at);
    }

    private static void writeJson(Value v, StringBuilder b) {
        if (v instanceof Value.Reference r) {
            writeJson(r.resolved(), b);
        } else if (v instanceof Value.Struct s) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                quote(e.getKey(), b);
                b.append(':');
                writeJson(e.getValue(), b);
            }
            b.append('}');
        } else if (v instanceof Value.Seq s) {
            b.append('[');
            for (int i = 0; i < s.items().size(); i++) {
                b.append(i == 0 ? "" : ",");
                writeJson(s.items().get(i), b);
            }
            b.append(']');
        } else if (v instanceof Value.Num n) {
            b.append(n.value().toPlainString());
        } else if (v instanceof Value.Bool x) {
            b.append(x.value());
        } else if (v instanceof Value.Text t) {
            quote(t.value(), b);
        } else {
            b.append("null");
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private Value length(Value arg, SourceLocation at) {
        Value v = resolve(arg);
        Value items = v instanceof Value.Reference r ? r.resolved() : v;
        if (items instanceof Value.Seq s) {
            int n = s.items().size();
            return new Value.Num(BigDecimal.valueOf(n), Integer.toString(n), at);
        }
        return unknownFrom(v, "Fn::Length", at);
    }

    /** The same value written at another place (a parameter, import or output used at {@code at}). */
    static Value relocate(Value v, SourceLocation at) {
        if (v instanceof Value.Text t) {
            return new Value.Text(t.value(), at);
        }
        if (v instanceof Value.Num n) {
            return new Value.Num(n.value(), n.raw(), at);
        }
        if (v instanceof Value.Bool b) {
            return new Value.Bool(b.value(), at);
        }
        if (v instanceof Value.Null) {
            return new Value.Null(at);
        }
        if (v instanceof Value.Seq s) {
            return new Value.Seq(s.items(), at);
        }
        if (v instanceof Value.Struct s) {
            return new Value.Struct(s.fields(), at);
        }
        if (v instanceof Value.Unknown u) {
            return new Value.Unknown(u.reason(), u.detail(), at);
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
