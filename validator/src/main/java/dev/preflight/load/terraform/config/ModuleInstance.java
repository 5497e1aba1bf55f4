package dev.preflight.load.terraform.config;

import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.load.terraform.hcl.HclParser;
import dev.preflight.load.terraform.hcl.HclSyntaxException;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of a module (the root, or {@code module.vpc}, {@code module.subnets["a"]}): its variables, locals,
 * outputs, resources, data sources and module calls, each evaluated on first use.
 */
final class ModuleInstance {
    private final ConfigurationRun run;
    final ModuleSource source;
    /** {@code ""} for the root, else {@code module.vpc.} / {@code module.a["x"].module.b.}: the address prefix. */
    final String prefix;
    /** Module call names from the root, without instance keys ({@code vpc}, {@code vpc.endpoints}). */
    final String manifestKey;
    /** Relative to the root module folder: {@code .}, {@code modules/network}, {@code .terraform/modules/vpc}. */
    final String pathModule;
    final Map<String, Lazy> variables = new LinkedHashMap<>();
    final Map<String, Lazy> locals = new LinkedHashMap<>();
    final Map<String, Lazy> outputs = new LinkedHashMap<>();
    final Map<String, ResourceNode> resources = new LinkedHashMap<>();
    final Map<String, ResourceNode> data = new LinkedHashMap<>();
    final Map<String, ModuleCall> calls = new LinkedHashMap<>();
    /** Provider configurations by local name ({@code aws}, {@code aws.west}) as this module sees them. */
    final Map<String, ProviderConfig> providers;
    private final Scope scope;

    ModuleInstance(ConfigurationRun run, ModuleSource source, String prefix, String manifestKey, String pathModule,
                   Map<String, ProviderConfig> inherited, Map<String, Value> arguments, Scope callerScope) {
        this.run = run;
        this.source = source;
        this.prefix = prefix;
        this.manifestKey = manifestKey;
        this.pathModule = pathModule;
        this.scope = new ModuleScope();
        this.providers = new LinkedHashMap<>(inherited);
        for (HclBody.Block p : source.blocks("provider")) {
            String name = p.label(0);
            HclBody.Attribute alias = p.body().attribute("alias");
            String key = name;
            if (alias != null) {
                key = name + "." + ConfigValues.string(run.evaluator().evaluate(alias.expression(), scope)).orElse("?");
            }
            providers.put(key, new ProviderConfig(p, this));
        }
        for (HclBody.Block v : source.blocks("variable")) {
            String name = v.label(0);
            if (name == null) {
                continue;
            }
            variables.put(name, new Lazy("var." + name, () -> variableValue(v, name, arguments, callerScope)));
        }
        for (Map.Entry<String, HclBody.Attribute> l : source.locals.entrySet()) {
            HclBody.Attribute a = l.getValue();
            locals.put(l.getKey(), new Lazy("local." + l.getKey(), () -> run.evaluator().evaluate(a.expression(), scope)));
        }
        for (HclBody.Block o : source.blocks("output")) {
            HclBody.Attribute value = o.body().attribute("value");
            String name = o.label(0);
            if (name == null) {
                continue;
            }
            outputs.put(name, new Lazy(prefix + "output " + name, () -> value == null ? ConfigValues.nul(o.location())
                    : run.evaluator().evaluate(value.expression(), scope)));
        }
        for (HclBody.Block r : source.blocks("resource")) {
            if (r.labels().size() == 2) {
                resources.put(r.label(0) + "." + r.label(1), new ResourceNode(run, this, r, false));
            }
        }
        for (HclBody.Block r : source.blocks("data")) {
            if (r.labels().size() == 2) {
                data.put(r.label(0) + "." + r.label(1), new ResourceNode(run, this, r, true));
            }
        }
        for (HclBody.Block c : source.blocks("module")) {
            if (c.labels().size() == 1) {
                calls.put(c.label(0), new ModuleCall(run, this, c));
            }
        }
    }

    ConfigurationRun run() {
        return run;
    }

    Scope scope() {
        return scope;
    }

    /** The module's own address ({@code module.vpc}) or "the root module". */
    String describe() {
        return prefix.isEmpty() ? "the root module" : prefix.substring(0, prefix.length() - 1);
    }

    private Value variableValue(HclBody.Block v, String name, Map<String, Value> arguments, Scope callerScope) {
        HclBody.Attribute def = v.body().attribute("default");
        HclBody.Attribute type = v.body().attribute("type");
        boolean nullable = true;
        HclBody.Attribute nullableAttr = v.body().attribute("nullable");
        if (nullableAttr != null) {
            nullable = !(run.evaluator().evaluate(nullableAttr.expression(), scope) instanceof Value.Bool b)
                    || b.value();
        }
        Value given = null;
        if (prefix.isEmpty()) {
            given = run.variables().value(name, type == null ? null : type.expression(), v.location());
        } else if (arguments != null) {
            given = arguments.get(name);
        }
        HclExpression typeExpr = type == null ? null : type.expression();
        if (given != null && !(ConfigValues.isNull(given) && !nullable && def != null)) {
            return TypeConstraint.convert(given, typeExpr, run.evaluator(), scope);
        }
        if (def != null) {
            // a default is a constant: evaluated without the module's names
            return TypeConstraint.convert(run.evaluator().evaluate(def.expression(), scope), typeExpr,
                    run.evaluator(), scope);
        }
        if (prefix.isEmpty()) {
            return ConfigValues.variableWithoutValue(name, v.location());
        }
        return ConfigValues.undecided("var." + name + " of " + describe() + " is required and its module call does "
                + "not set it", v.location());
    }

    /** Names as expressions in this module see them. */
    private final class ModuleScope implements Scope {
        @Override
        public Value lookup(String root, List<String> names, int[] used, SourceLocation at) throws EvaluationError {
            switch (root) {
                case "var": {
                    Lazy l = names.isEmpty() ? null : variables.get(names.get(0));
                    if (l == null) {
                        throw new EvaluationError(at, "there is no variable \"" + (names.isEmpty() ? "" : names.get(0))
                                + "\" in " + describe());
                    }
                    used[0] = 1;
                    return l.get(at);
                }
                case "local": {
                    Lazy l = names.isEmpty() ? null : locals.get(names.get(0));
                    if (l == null) {
                        throw new EvaluationError(at, "there is no local value \"" + (names.isEmpty() ? ""
                                : names.get(0)) + "\" in " + describe());
                    }
                    used[0] = 1;
                    return l.get(at);
                }
                case "module": {
                    ModuleCall c = names.isEmpty() ? null : calls.get(names.get(0));
                    if (c == null) {
                        throw new EvaluationError(at, "there is no module call \"" + (names.isEmpty() ? ""
                                : names.get(0)) + "\" in " + describe());
                    }
                    if (names.size() > 1 && c.single()) {
                        used[0] = 2;
                        return c.output(names.get(1), at);
                    }
                    used[0] = 1;
                    return c.value(at);
                }
                case "data": {
                    if (names.size() < 2) {
                        throw new EvaluationError(at, "a data source reference needs a type and a name");
                    }
                    ResourceNode d = data.get(names.get(0) + "." + names.get(1));
                    if (d == null) {
                        throw new EvaluationError(at, "there is no data source data." + names.get(0) + "."
                                + names.get(1) + " in " + describe());
                    }
                    used[0] = 2;
                    return d.value(at);
                }
                case "path": {
                    used[0] = 1;
                    String what = names.isEmpty() ? "" : names.get(0);
                    return switch (what) {
                        case "module" -> ConfigValues.text(pathModule, at);
                        case "root", "cwd" -> ConfigValues.text(".", at);
                        default -> throw new EvaluationError(at, "path." + what + " is not a Terraform path value");
                    };
                }
                case "terraform": {
                    used[0] = 1;
                    return ConfigValues.text("default", at);
                }
                case "count", "each", "self":
                    throw new EvaluationError(at, root + " is not available here");
                default: {
                    if (names.isEmpty()) {
                        return null;
                    }
                    ResourceNode r = resources.get(root + "." + names.get(0));
                    if (r == null) {
                        throw new EvaluationError(at, "there is no resource " + root + "." + names.get(0) + " in "
                                + describe());
                    }
                    used[0] = 1;
                    return r.value(at);
                }
            }
        }

        @Override
        public ModuleInstance module() {
            return ModuleInstance.this;
        }
    }

    /** Every managed resource instance of this module and the modules it calls, evaluated. */
    void collect(List<ResourceNode.Instance> out) {
        for (ResourceNode r : resources.values()) {
            out.addAll(r.instances());
        }
        // data sources are in the graph as a plan has them (prior_state): rules read their arguments, e.g. the SSM
        // parameter name or AMI name filter that tells GD012 the operating system of an image read at apply
        for (ResourceNode r : data.values()) {
            out.addAll(r.instances());
        }
        for (ModuleCall c : calls.values()) {
            for (ModuleInstance child : c.instances()) {
                child.collect(out);
            }
        }
    }

    /** {@code aws.west} from a {@code provider = aws.west} argument, or null. */
    static String providerKey(HclExpression e) {
        if (e instanceof HclExpression.GetAttr g && g.source() instanceof HclExpression.Variable v) {
            return v.name() + "." + g.name();
        }
        if (e instanceof HclExpression.Variable v) {
            return v.name();
        }
        if (e instanceof HclExpression.Template t && t.parts().size() == 1
                && t.parts().get(0) instanceof dev.preflight.load.terraform.hcl.TemplatePart.Literal l) {
            try {
                return providerKey(HclParser.parseExpression("", l.text(), e.location()));
            } catch (HclSyntaxException x) {
                return null;
            }
        }
        return null;
    }

    Path dir() {
        return source.dir;
    }

    /** A provider's configuration in the module that declares it. */
    record ProviderConfig(HclBody.Block block, ModuleInstance declaredIn) {
        /** The constant {@code default_tags.tags} of an AWS provider, unknown, or null when it has none. */
        Value defaultTags() {
            for (HclBody.Block d : block.body().blocks("default_tags")) {
                HclBody.Attribute tags = d.body().attribute("tags");
                if (tags != null) {
                    return declaredIn.run().evaluator().evaluate(tags.expression(), declaredIn.scope());
                }
            }
            return null;
        }

        Value region() {
            HclBody.Attribute r = block.body().attribute("region");
            return r == null ? null : declaredIn.run().evaluator().evaluate(r.expression(), declaredIn.scope());
        }
    }

    static List<String> sortedKeys(Map<String, ?> m) {
        List<String> k = new ArrayList<>(m.keySet());
        k.sort(null);
        return k;
    }
}
