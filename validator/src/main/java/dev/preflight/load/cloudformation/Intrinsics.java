package dev.preflight.load.cloudformation;

import dev.preflight.load.InputBudget;
import dev.preflight.load.cloudformation.TemplateScope.Decision;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The intrinsic functions of one template ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, ...,
 * pseudo parameters and parameter values), evaluated over its {@link TemplateScope}; see
 * {@link CloudFormationLoader} for what each gives.
 */
final class Intrinsics {
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

    private final TemplateScope scope;
    private final String file;
    private final RunScope run;
    private final Optional<String> stackName;
    private final Optional<String> region;
    private final Optional<String> account;
    private final Map<String, String> givenParameters;
    private final TemplateScope parent;
    private final String parentResource;
    private final Value.Struct parameters;
    private final Value.Struct mappings;
    private final InputBudget.Meter meter;

    Intrinsics(TemplateScope scope) {
        this.scope = scope;
        this.meter = scope.meter;
        this.file = scope.file;
        this.run = scope.run;
        this.stackName = scope.stackName;
        this.region = scope.region;
        this.account = scope.account;
        this.givenParameters = scope.givenParameters;
        this.parent = scope.parent;
        this.parentResource = scope.parentResource;
        this.parameters = scope.parameters;
        this.mappings = scope.mappings;
    }

    private Value resolve(Value raw) {
        return scope.resolve(raw);
    }

    private boolean isResource(String id) {
        return scope.isResource(id);
    }

    private String type(String id) {
        return scope.type(id);
    }

    private Value property(String id, String name) {
        return scope.property(id, name);
    }

    private Decision condition(String name) {
        return scope.condition(name);
    }

    private Decision decide(Value raw) {
        return scope.decide(raw);
    }

    private static boolean isIntrinsic(Value.Struct s) {
        return TemplateScope.isIntrinsic(s);
    }

    Value apply(String fn, Value arg, SourceLocation at) {
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
                return new Value.Unknown(new UnknownOrigin.AvailabilityZones(region.orElse(null), null), at);
            case "Fn::Cidr":
                return cidr(arg, at);
            case "Fn::ToJsonString":
                return toJsonString(arg, at);
            case "Fn::Length":
                return length(arg, at);
            case "Fn::Transform":
                return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Transform", "Fn::Transform macro"
                        + Optional.ofNullable(arg.get("Name")).flatMap(Value::text).map(n -> " " + n).orElse("")
                        + " runs at deploy"), at);
            case "Fn::Equals":
            case "Fn::And":
            case "Fn::Or":
            case "Fn::Not": {
                Decision d = decide(new Value.Struct(Map.of(fn, arg), at));
                return d == Decision.UNDECIDED
                        ? new Value.Unknown(new UnknownOrigin.NotEvaluated(fn, fn + " that cannot be decided"), at)
                        : new Value.Bool(d == Decision.TRUE, at);
            }
            default:
                return new Value.Unknown(new UnknownOrigin.NotEvaluated(fn, "intrinsic function " + fn
                        + " is not evaluated"), at);
        }
    }

    /** The name argument of Ref/GetAtt parts (a text, or an intrinsic that resolves to one). */
    String nameOf(Value arg) {
        if (arg instanceof Value.Text t) {
            return t.value();
        }
        return resolve(arg).text().orElse(null);
    }

    Value ref(String name, SourceLocation at) {
        if (name == null) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Ref", "Ref to a name that is not known"), at);
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
        return new Value.Unknown(new UnknownOrigin.OutsideInputs(name, "Ref to " + name
                + ", which is not a parameter or resource of " + file), at);
    }

    private Value refValue(String id, SourceLocation at) {
        String nameProperty = REF_NAME_PROPERTY.get(type(id));
        if (nameProperty != null) {
            Value v = property(id, nameProperty);
            if (v != null && v.text().isPresent()) {
                return v;
            }
        }
        return new Value.Unknown(UnknownOrigin.AssignedAtDeploy.physicalId(id), at);
    }

    private Value pseudo(String name, SourceLocation at) {
        switch (name) {
            case "AWS::Region":
                return region.<Value>map(r -> new Value.Text(r, at)).orElseGet(() ->
                        new Value.Unknown(new UnknownOrigin.PseudoParameter("AWS::Region", "give --region"), at));
            case "AWS::AccountId":
                return account.<Value>map(r -> new Value.Text(r, at)).orElseGet(() ->
                        new Value.Unknown(new UnknownOrigin.PseudoParameter("AWS::AccountId", "give --account"), at));
            case "AWS::Partition":
                return new Value.Text(partition(), at);
            case "AWS::URLSuffix":
                return new Value.Text(partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com", at);
            case "AWS::StackName":
                return stackName.<Value>map(s -> new Value.Text(s, at)).orElseGet(() ->
                        new Value.Unknown(new UnknownOrigin.PseudoParameter("AWS::StackName", "chosen at deploy"), at));
            case "AWS::NoValue":
                return new Value.Absent(at);
            default:
                // AWS::StackId, AWS::NotificationARNs and names CloudFormation may add
                return new Value.Unknown(new UnknownOrigin.PseudoParameter(name, "known at deploy"), at);
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
                value = TemplateScope.relocate(value, at);
            }
        } else if (givenParameters.containsKey(name)) {
            value = resolve(new Value.Text(givenParameters.get(name), at)); // may be a {{resolve:...}} reference
        }
        if (value == null && def.get("Default") != null && !(def.get("Default") instanceof Value.Absent)) {
            value = TemplateScope.relocate(resolve(def.get("Default")), at);
        }
        if (type.startsWith("AWS::SSM::Parameter::Value<")) {
            if (value == null || value.text().isEmpty()) {
                return new Value.Unknown(new UnknownOrigin.ParameterWithoutValue(name, true), at);
            }
            return new Value.Unknown(new UnknownOrigin.SsmParameter(value.text().get(), name, null, false), at);
        }
        if (value == null) {
            return new Value.Unknown(new UnknownOrigin.ParameterWithoutValue(name, false), at);
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
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::GetAtt", "Fn::GetAtt with an attribute that is not known"), at);
        }
        if (!isResource(id)) {
            return new Value.Unknown(new UnknownOrigin.OutsideInputs(id, "Fn::GetAtt " + id + "." + attribute + ": "
                    + id + " is not a resource of " + file), at);
        }
        ResourceKey target = new ResourceKey(file, id);
        if (attribute.startsWith("Outputs.")
                && (type(id).equals("AWS::CloudFormation::Stack") || type(id).equals("AWS::Serverless::Application"))) {
            TemplateScope nested = run.nested(scope, id);
            if (nested == null) {
                return new Value.Reference(target, attribute, new Value.Unknown(new UnknownOrigin.OutsideInputs(id, "output " + attribute.substring("Outputs.".length()) + " of nested stack " + id
                                + ", whose template is not among the inputs"), at), at);
            }
            Value out = nested.output(attribute.substring("Outputs.".length()));
            if (out instanceof Value.Reference) {
                return TemplateScope.relocate(out, at); // the resource inside the nested stack is what rules want
            }
            if (out != null) {
                return new Value.Reference(target, attribute, out, at);
            }
        }
        Value property = property(id, attribute);
        if (property != null && !(property instanceof Value.Absent)) {
            return new Value.Reference(target, attribute, property, at);
        }
        return new Value.Reference(target, attribute, new Value.Unknown(UnknownOrigin.AssignedAtDeploy.attribute(id, attribute), at), at);
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
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Sub", "Fn::Sub whose template is not a text"), at);
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
            return TemplateScope.relocate(resolve(vars.get(name)), at);
        }
        if (name.startsWith("AWS::") || parameters.get(name) != null || isResource(name)) {
            return ref(name, at);
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            return getAtt(new Value.Text(name, at), at);
        }
        return new Value.Unknown(new UnknownOrigin.OutsideInputs(name, "${" + name + "} names no parameter, resource or "
                + "variable of " + file), at);
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
                    meter.string(text.length(), at.line(), at.column(), "Fn::Join or Fn::Sub");
                    continue;
                }
                known = false;
                if (text.length() > 0) {
                    parts.add(new Value.Text(text.toString(), at));
                    text.setLength(0);
                }
                parts.add(f instanceof Value.Absent ? new Value.Unknown(new UnknownOrigin.NotEvaluated("AWS::NoValue", "AWS::NoValue inside a string"), f.location()) : f);
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
    static Optional<String> scalarText(Value v) {
        if (v instanceof Value.Text || v instanceof Value.Num || v instanceof Value.Bool) {
            return v.text();
        }
        if (v instanceof Value.Reference r) {
            return scalarText(r.resolved());
        }
        return Optional.empty();
    }

    /** A string with {@code {{resolve:...}}} dynamic references: unknown (ssm detail {@code ssm:<name>}). */
    Value dynamicReferences(String s, SourceLocation at) {
        Matcher m = DYNAMIC.matcher(s);
        List<Value> parts = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(new Value.Text(s.substring(last, m.start()), at));
            }
            String service = m.group(1);
            String name = m.group(2);
            UnknownOrigin origin;
            if (service.equals("secretsmanager")) {
                int colon = name.indexOf(':', name.startsWith("arn:") ? nthColon(name, 7) + 1 : 0);
                origin = new UnknownOrigin.SecretReference(colon < 0 ? name : name.substring(0, colon), m.group());
            } else {
                String param = name.replaceFirst(":\\d+$", "");
                origin = new UnknownOrigin.SsmParameter(param, null, m.group(), service.equals("ssm-secure"));
            }
            parts.add(new Value.Unknown(origin, at));
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
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Join", "Fn::Join needs [delimiter, list]"), at);
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
            return new Value.Unknown(new UnknownOrigin.Derived(fn + " of " + u.describe(), u.origin()), at);
        }
        if (input instanceof Value.Conditional c) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated(fn, fn + " of a value that depends on condition "
                    + c.condition()), at);
        }
        return new Value.Unknown(new UnknownOrigin.NotEvaluated(fn, fn + " of " + TemplateSource.kind(input)
                + " that cannot be evaluated"), at);
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
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Select", "Fn::Select needs [index, list]"), at);
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
                return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Select", "Fn::Select index " + i + " is outside a list of "
                        + s.items().size()), at);
            }
            return s.items().get((int) i);
        }
        if (items instanceof Value.Unknown u && u.origin() instanceof UnknownOrigin.AvailabilityZones) {
            return new Value.Unknown(new UnknownOrigin.AvailabilityZones(region.orElse(null), (int) i), at);
        }
        return unknownFrom(list, "Fn::Select", at);
    }

    private Value split(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 2) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Split", "Fn::Split needs [delimiter, text]"), at);
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
        String[] parts = text.get().split(Pattern.quote(d.get()), -1);
        meter.values(parts.length, at.line(), at.column(), "Fn::Split makes");
        for (String part : parts) {
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
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::FindInMap", "Fn::FindInMap needs [map, key, key]"), at);
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
                return TemplateScope.relocate(resolve(fallback), at);
            }
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::FindInMap", "Fn::FindInMap: mapping " + keys.get(0)
                    + " has no " + keys.get(1) + "/" + keys.get(2)), at);
        }
        return resolve(found);
    }

    private Value fnIf(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 3) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::If", "Fn::If needs [condition, then, else]"), at);
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
            return new Value.Unknown(new UnknownOrigin.Import(null, u == null ? null : u.origin()), at);
        }
        Value exported = run.export(n.get());
        if (exported == null) {
            return new Value.Unknown(new UnknownOrigin.Import(n.get(), null), at);
        }
        return TemplateScope.relocate(exported, at);
    }

    private Value cidr(Value arg, SourceLocation at) {
        List<Value> args = arg.items();
        if (args.size() != 3) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Cidr", "Fn::Cidr needs [block, count, bits]"), at);
        }
        Value block = resolve(args.get(0));
        Optional<String> b = scalarText(block);
        Optional<Long> count = resolve(args.get(1)).integer();
        Optional<Long> bits = resolve(args.get(2)).integer();
        if (b.isEmpty()) {
            return unknownFrom(block, "Fn::Cidr", at);
        }
        if (count.isEmpty() || bits.isEmpty()) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Cidr", "Fn::Cidr with a count or size that is not known"), at);
        }
        List<String> subnets = Ipv4Cidr.split(b.get(), count.get(), bits.get());
        if (subnets == null) {
            return new Value.Unknown(new UnknownOrigin.NotEvaluated("Fn::Cidr", "Fn::Cidr of " + b.get() + " is not evaluated"), at);
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
        return new Value.Text(JsonText.of(v, meter, at), at);
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
}
