package dev.preflight.load.terraform.config;

import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code module} block: where its source is on disk (a local path, or the folder {@code terraform init} recorded in
 * {@code .terraform/modules/modules.json}), its instances ({@code count}/{@code for_each}) and their outputs. A
 * module that is not on disk makes every output unknown, naming the call and {@code terraform init}.
 */
final class ModuleCall {
    private static final Set<String> META = Set.of("source", "version", "count", "for_each", "providers",
            "depends_on");

    private final ConfigurationRun run;
    private final ModuleInstance parent;
    final HclBody.Block block;
    final String name;
    private final String sourceText;
    private final ModuleSource source;
    private final String manifestKey;
    private List<ModuleInstance> instances;
    private List<Value> keys;
    private Value expansionUnknown;
    private String mode = "single";

    ModuleCall(ConfigurationRun run, ModuleInstance parent, HclBody.Block block) {
        this.run = run;
        this.parent = parent;
        this.block = block;
        this.name = block.label(0);
        this.manifestKey = parent.manifestKey.isEmpty() ? name : parent.manifestKey + "." + name;
        HclBody.Attribute src = block.body().attribute("source");
        String text = null;
        if (src != null) {
            text = ConfigValues.string(run.evaluator().evaluate(src.expression(), parent.scope())).orElse(null);
        }
        this.sourceText = text;
        Path dir = text == null ? null : run.moduleDir(parent.dir(), text, manifestKey);
        this.source = dir == null ? null : run.module(dir);
        if (block.body().attribute("count") != null) {
            mode = "count";
        } else if (block.body().attribute("for_each") != null) {
            mode = "for_each";
        }
    }

    String address() {
        return parent.prefix + "module." + name;
    }

    boolean single() {
        return mode.equals("single");
    }

    boolean installed() {
        return source != null;
    }

    List<ModuleInstance> instances() {
        if (instances != null) {
            return instances;
        }
        instances = new ArrayList<>();
        keys = new ArrayList<>();
        if (source == null) {
            return instances;
        }
        Scope scope = parent.scope();
        if (mode.equals("count")) {
            Value n = run.evaluator().evaluate(block.body().attribute("count").expression(), scope);
            if (ConfigValues.unknown(n)) {
                expansionUnknown = ConfigValues.undecided("count of " + address() + " is not known before apply ("
                        + ResourceNode.describeUnknown(n) + ")", block.location());
                add(address(), null, null, scope);
                return instances;
            }
            int k;
            try {
                k = ExpressionEvaluator.number(n, null).intValueExact();
            } catch (EvaluationError | ArithmeticException e) {
                k = 0;
            }
            for (int i = 0; i < Math.min(k, 1000); i++) {
                add(address() + "[" + i + "]", ConfigValues.num(i, block.location()), null, scope);
            }
        } else if (mode.equals("for_each")) {
            Value each = ConfigValues.deref(run.evaluator().evaluate(block.body().attribute("for_each").expression(),
                    scope));
            if (ConfigValues.unknown(each)) {
                expansionUnknown = ConfigValues.undecided("for_each of " + address() + " is not known before apply ("
                        + ResourceNode.describeUnknown(each) + ")", block.location());
                add(address(), null, null, scope);
                return instances;
            }
            if (each instanceof Value.Struct s) {
                for (String key : ModuleInstance.sortedKeys(s.fields())) {
                    add(address() + "[" + ResourceNode.quote(key) + "]", ConfigValues.text(key, block.location()),
                            s.get(key), scope);
                }
            } else if (each instanceof Value.Seq s) {
                java.util.TreeSet<String> ks = new java.util.TreeSet<>();
                for (Value v : s.items()) {
                    ConfigValues.string(v).ifPresent(ks::add);
                }
                for (String key : ks) {
                    Value kv = ConfigValues.text(key, block.location());
                    add(address() + "[" + ResourceNode.quote(key) + "]", kv, kv, scope);
                }
            }
        } else {
            add(address(), null, null, scope);
        }
        return instances;
    }

    private void add(String address, Value key, Value eachValue, Scope parentScope) {
        Scope scope = parentScope;
        if (key != null || expansionUnknown != null) {
            Value k = expansionUnknown != null ? expansionUnknown : key;
            Value v = expansionUnknown != null ? expansionUnknown : eachValue;
            boolean count = mode.equals("count");
            Scope base = parentScope;
            scope = new Scope() {
                @Override
                public Value lookup(String root, List<String> names, int[] used, SourceLocation at)
                        throws EvaluationError {
                    if (root.equals("count") && count) {
                        used[0] = 1;
                        return k;
                    }
                    if (root.equals("each") && !count && !names.isEmpty()) {
                        used[0] = 1;
                        return names.get(0).equals("key") ? k : v;
                    }
                    return base.lookup(root, names, used, at);
                }

                @Override
                public ModuleInstance module() {
                    return base.module();
                }
            };
        }
        Scope argumentScope = scope;
        Map<String, Value> arguments = new LazyArguments(block.body(), argumentScope);
        Path rootDir = run.rootDir();
        Path dir = source.dir;
        String pathModule = rootDir.relativize(dir).toString().replace('\\', '/');
        instances.add(new ModuleInstance(run, source, address + ".", manifestKey,
                pathModule.isEmpty() ? "." : pathModule, providersFor(), arguments, argumentScope));
        keys.add(key);
    }

    /** The call's arguments, each evaluated in the caller's scope when the module first reads it. */
    private final class LazyArguments extends java.util.AbstractMap<String, Value> {
        private final HclBody body;
        private final Scope scope;
        private final Map<String, Value> done = new LinkedHashMap<>();

        LazyArguments(HclBody body, Scope scope) {
            this.body = body;
            this.scope = scope;
        }

        @Override
        public Value get(Object key) {
            if (!(key instanceof String k) || META.contains(k)) {
                return null;
            }
            HclBody.Attribute a = body.attribute(k);
            if (a == null) {
                return null;
            }
            Value v = done.get(k);
            if (v == null) {
                // not computeIfAbsent: evaluating one argument may read another of the same call
                v = run.evaluator().evaluate(a.expression(), scope);
                done.put(k, v);
            }
            return v;
        }

        @Override
        public java.util.Set<Entry<String, Value>> entrySet() {
            Map<String, Value> all = new LinkedHashMap<>();
            for (String k : body.attributes().keySet()) {
                Value v = get(k);
                if (v != null) {
                    all.put(k, v);
                }
            }
            return all.entrySet();
        }
    }

    /** Provider configurations the module sees: the caller's, remapped by {@code providers = { aws = aws.west }}. */
    private Map<String, ModuleInstance.ProviderConfig> providersFor() {
        Map<String, ModuleInstance.ProviderConfig> out = new LinkedHashMap<>(parent.providers);
        out.keySet().removeIf(k -> k.contains("."));
        HclBody.Attribute p = block.body().attribute("providers");
        if (p != null && p.expression() instanceof HclExpression.ObjectCons o) {
            for (HclExpression.ObjectItem item : o.items()) {
                String childKey = item.key() instanceof HclExpression.Literal l && l.value() instanceof String s ? s
                        : ModuleInstance.providerKey(item.key());
                String parentKey = ModuleInstance.providerKey(item.value());
                if (childKey != null && parentKey != null && parent.providers.containsKey(parentKey)) {
                    out.put(childKey, parent.providers.get(parentKey));
                }
            }
        }
        return out;
    }

    /** {@code module.vpc.vpc_id} of a call without count/for_each. */
    Value output(String output, SourceLocation at) {
        if (source == null) {
            return notInstalled(at);
        }
        List<ModuleInstance> list = instances();
        if (list.isEmpty()) {
            return ConfigValues.undecided(address() + " has no instances", at);
        }
        Lazy l = list.get(0).outputs.get(output);
        if (l == null) {
            return ConfigValues.failed(address() + "." + output, "the module has no output \"" + output + "\"", at);
        }
        return l.get(at);
    }

    private Value notInstalled(SourceLocation at) {
        if (sourceText == null) {
            return ConfigValues.undecided(address() + " has no source that Preflight can read", at);
        }
        if (sourceText.startsWith("./") || sourceText.startsWith("../")) {
            return ConfigValues.undecided(address() + " calls " + sourceText + ", which is not a folder of "
                    + "Terraform files", at);
        }
        return ConfigValues.moduleNotInstalled(address(), sourceText, run.rootDisplay(), at);
    }

    /** {@code module.vpc} as a whole: an object of its outputs (a list or map of them with count/for_each). */
    Value value(SourceLocation at) {
        if (source == null) {
            return notInstalled(at);
        }
        List<ModuleInstance> list = instances();
        if (expansionUnknown != null) {
            return ConfigValues.at(expansionUnknown, at);
        }
        List<Value> objects = new ArrayList<>();
        for (ModuleInstance m : list) {
            Map<String, Value> outs = new LinkedHashMap<>();
            for (Map.Entry<String, Lazy> o : m.outputs.entrySet()) {
                outs.put(o.getKey(), o.getValue().get(at));
            }
            objects.add(new Value.Struct(outs, at));
        }
        if (mode.equals("single")) {
            return objects.isEmpty() ? ConfigValues.undecided(address() + " has no instances", at) : objects.get(0);
        }
        if (mode.equals("count")) {
            return new Value.Seq(objects, at);
        }
        Map<String, Value> byKey = new LinkedHashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            byKey.put(ConfigValues.string(keys.get(i)).orElse(""), objects.get(i));
        }
        return new Value.Struct(byKey, at);
    }

    static boolean isLocal(String source) {
        return source.startsWith("./") || source.startsWith("../") || source.equals(".") || source.equals("..");
    }

    static boolean isDirectory(Path p) {
        return p != null && Files.isDirectory(p);
    }
}
