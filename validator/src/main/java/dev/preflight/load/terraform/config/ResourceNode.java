package dev.preflight.load.terraform.config;

import dev.preflight.load.terraform.hcl.HclBody;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code resource} or {@code data} block of a module instance: its instances ({@code count}/{@code for_each}),
 * addressed exactly as plans print them, and their attribute values. A managed resource's attributes that the
 * configuration does not set are known after apply (references to the resource); a data source's are read from
 * AWS while planning and unknown here, except {@code aws_iam_policy_document} (computed from its arguments),
 * {@code aws_region}/{@code aws_caller_identity}/{@code aws_partition} (from the options), and a lookup by id of a
 * resource of the same configuration (which describes that resource).
 */
final class ResourceNode {
    /** Arguments and blocks that configure Terraform, not the resource. */
    private static final Set<String> META = Set.of("count", "for_each", "provider", "depends_on", "lifecycle",
            "provisioner", "connection");

    /** AWS resource types whose plans carry {@code tags_all} (provider default_tags merged under tags). */
    private static final Set<String> TAGGABLE = Set.of("aws_instance", "aws_launch_template", "aws_vpc", "aws_subnet",
            "aws_security_group", "aws_vpc_endpoint", "aws_network_acl", "aws_route_table", "aws_iam_role",
            "aws_guardduty_detector", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_eks_node_group",
            "aws_eks_cluster", "aws_organizations_policy", "aws_ssm_parameter", "aws_iam_instance_profile",
            "aws_cloudwatch_event_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule");

    private final ConfigurationRun run;
    final ModuleInstance module;
    final HclBody.Block block;
    final String type;
    final String name;
    final boolean data;
    final String address;
    private List<Instance> instances;
    private boolean expanding;
    /** How instances are keyed: none (single), count (a list), for_each (a map). */
    private String mode = "single";

    ResourceNode(ConfigurationRun run, ModuleInstance module, HclBody.Block block, boolean data) {
        this.run = run;
        this.module = module;
        this.block = block;
        this.type = block.label(0);
        this.name = block.label(1);
        this.data = data;
        this.address = module.prefix + (data ? "data." : "") + type + "." + name;
    }

    List<Instance> instances() {
        if (instances != null) {
            return instances;
        }
        if (expanding) {
            return List.of();
        }
        expanding = true;
        instances = expand();
        expanding = false;
        return instances;
    }

    private List<Instance> expand() {
        List<Instance> out = new ArrayList<>();
        HclBody.Attribute count = block.body().attribute("count");
        HclBody.Attribute forEach = block.body().attribute("for_each");
        Scope scope = module.scope();
        if (count != null) {
            mode = "count";
            Value n = run.evaluator().evaluate(count.expression(), scope);
            if (ConfigValues.unknown(n) || ConfigValues.isNull(n)) {
                out.add(new Instance(address, null, ConfigValues.undecided("count of " + address + " is not known "
                        + "before apply (" + describeUnknown(n) + ")", count.location()), null));
                return out;
            }
            int k;
            try {
                k = ExpressionEvaluator.number(n, count.expression()).intValueExact();
            } catch (EvaluationError | ArithmeticException e) {
                out.add(new Instance(address, null, ConfigValues.failed("count", "not a whole number",
                        count.location()), null));
                return out;
            }
            for (int i = 0; i < Math.min(k, 10_000); i++) {
                out.add(new Instance(address + "[" + i + "]", ConfigValues.num(i, count.location()), null, null));
            }
            return out;
        }
        if (forEach != null) {
            mode = "for_each";
            Value each = run.evaluator().evaluate(forEach.expression(), scope);
            Value d = ConfigValues.deref(each);
            if (ConfigValues.unknown(d)) {
                out.add(new Instance(address, null, ConfigValues.undecided("for_each of " + address + " is not known "
                        + "before apply (" + describeUnknown(each) + ")", forEach.location()), null));
                return out;
            }
            if (d instanceof Value.Struct s) {
                for (String key : ModuleInstance.sortedKeys(s.fields())) {
                    out.add(new Instance(address + "[" + quote(key) + "]", ConfigValues.text(key, forEach.location()),
                            null, s.get(key)));
                }
            } else if (d instanceof Value.Seq s) {
                java.util.TreeSet<String> keys = new java.util.TreeSet<>();
                for (Value v : s.items()) {
                    ConfigValues.string(v).ifPresent(keys::add);
                    if (ConfigValues.unknown(v)) {
                        out.clear();
                        out.add(new Instance(address, null, ConfigValues.undecided("for_each of " + address
                                + " is not known before apply (" + describeUnknown(v) + ")", forEach.location()), null));
                        return out;
                    }
                }
                for (String key : keys) {
                    Value k = ConfigValues.text(key, forEach.location());
                    out.add(new Instance(address + "[" + quote(key) + "]", k, null, k));
                }
            }
            return out;
        }
        out.add(new Instance(address, null, null, null));
        return out;
    }

    static String describeUnknown(Value v) {
        Value d = ConfigValues.deref(v);
        if (d instanceof Value.Unknown u) {
            return u.describe();
        }
        Value f = ConfigValues.firstUnknown(d);
        if (f != null && ConfigValues.deref(f) instanceof Value.Unknown u) {
            return u.describe();
        }
        return d.display();
    }

    static String quote(String key) {
        return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** What {@code aws_subnet.private} is in an expression: one instance, a list, or a map of them. */
    Value value(SourceLocation at) {
        List<Instance> list = instances();
        if (mode.equals("single") || (list.size() == 1 && list.get(0).key == null)) {
            return list.isEmpty() ? ConfigValues.undecided(address + " depends on itself", at) : list.get(0).object();
        }
        if (mode.equals("count")) {
            List<Value> items = new ArrayList<>();
            for (Instance i : list) {
                items.add(i.object());
            }
            return new Value.Seq(items, at);
        }
        Map<String, Value> fields = new LinkedHashMap<>();
        for (Instance i : list) {
            fields.put(ConfigValues.string(i.key).orElse(""), i.object());
        }
        return new Value.Struct(fields, at);
    }

    /** One instance: {@code aws_subnet.private[0]}. */
    final class Instance implements ExpressionEvaluator.InstanceObject {
        final String printed;
        final Value key;
        /** When the instances cannot be known: why (count.index and each.* are unknown then). */
        final Value expansionUnknown;
        final Value eachValue;
        private final ResourceKey resourceKey;
        private Value.Struct object;
        private Map<String, Value> properties;
        private boolean building;

        Instance(String printed, Value key, Value expansionUnknown, Value eachValue) {
            this.printed = printed;
            this.key = key;
            this.expansionUnknown = expansionUnknown;
            this.eachValue = eachValue;
            this.resourceKey = new ResourceKey(run.input(), printed);
        }

        ResourceNode node() {
            return ResourceNode.this;
        }

        @Override
        public ResourceKey key() {
            return resourceKey;
        }

        Scope scope() {
            Scope parent = module.scope();
            return new Scope() {
                @Override
                public Value lookup(String root, List<String> names, int[] used, SourceLocation at)
                        throws EvaluationError {
                    if (root.equals("count") && !mode.equals("for_each")) {
                        if (names.isEmpty() || !names.get(0).equals("index") || mode.equals("single")) {
                            throw new EvaluationError(at, "count.index is only available in a resource with count");
                        }
                        used[0] = 1;
                        return expansionUnknown != null ? ConfigValues.at(expansionUnknown, at) : key;
                    }
                    if (root.equals("each") && mode.equals("for_each")) {
                        String what = names.isEmpty() ? "" : names.get(0);
                        used[0] = 1;
                        if (expansionUnknown != null) {
                            return ConfigValues.at(expansionUnknown, at);
                        }
                        if (what.equals("key")) {
                            return key;
                        }
                        if (what.equals("value")) {
                            return eachValue;
                        }
                        throw new EvaluationError(at, "each has only key and value");
                    }
                    return parent.lookup(root, names, used, at);
                }

                @Override
                public ModuleInstance module() {
                    return module;
                }
            };
        }

        /** The instance's attributes as configured (meta-arguments left out, blocks as lists of objects). */
        Map<String, Value> properties() {
            if (properties != null) {
                return properties;
            }
            if (building) {
                return Map.of();
            }
            building = true;
            Map<String, Value> p = new LinkedHashMap<>(body(block.body(), scope(), true));
            if (expansionUnknown != null) {
                // how many instances there will be is unknown: the coverage prediction says so instead of one
                p.put("count", expansionUnknown);
            }
            if (!data && type.startsWith("aws_")) {
                Value tagsAll = tagsAll(p.get("tags"));
                if (tagsAll != null) {
                    p.put("tags_all", tagsAll);
                }
            }
            if (data && type.equals("aws_iam_policy_document")) {
                Value json = PolicyDocumentData.json(p, block.location());
                p.put("json", json);
                p.put("minified_json", json);
            }
            properties = p;
            building = false;
            return properties;
        }

        Value.Struct object() {
            if (object == null) {
                object = new Value.Struct(Map.of(), block.location());
                run.register(object, this);
            }
            return object;
        }

        @Override
        public Value attribute(String attr, SourceLocation at) {
            Value v = properties().get(attr);
            if (data) {
                if (v != null) {
                    return v;
                }
                return dataAttribute(attr, at);
            }
            if (v == null) {
                v = ConfigValues.afterApply(printed, attr, at);
            }
            return new Value.Reference(resourceKey, attr, v, at);
        }

        private Value dataAttribute(String attr, SourceLocation at) {
            switch (type) {
                case "aws_region" -> {
                    if (attr.equals("name") || attr.equals("id") || attr.equals("region")) {
                        return run.region(module, at);
                    }
                }
                case "aws_caller_identity" -> {
                    if (attr.equals("account_id") || attr.equals("id")) {
                        return run.account(at);
                    }
                }
                case "aws_partition" -> {
                    if (attr.equals("partition") || attr.equals("id")) {
                        return ConfigValues.text("aws", at);
                    }
                    if (attr.equals("dns_suffix")) {
                        return ConfigValues.text("amazonaws.com", at);
                    }
                }
                default -> {
                }
            }
            // data "aws_vpc" "x" { id = aws_vpc.main.id } describes aws_vpc.main
            Value id = properties().get("id");
            if (id instanceof Value.Reference r && "id".equals(r.attribute())) {
                ExpressionEvaluator.InstanceObject target = run.instance(r.target());
                if (target instanceof Instance t && t.node().type.equals(type) && !t.node().data) {
                    return t.attribute(attr, at);
                }
            }
            return ConfigValues.dataSource(printed, attr, at);
        }

        private Value tagsAll(Value tags) {
            ModuleInstance.ProviderConfig provider = provider();
            Value defaults = provider == null ? null : provider.defaultTags();
            if (defaults == null && (tags == null || !TAGGABLE.contains(type))) {
                return tags == null ? null : tags;
            }
            if (defaults == null && tags == null) {
                return null;
            }
            Value d = defaults == null ? null : ConfigValues.deref(defaults);
            Value t = tags == null ? null : ConfigValues.deref(tags);
            if ((d != null && ConfigValues.unknown(d)) || (t != null && ConfigValues.unknown(t))) {
                return ConfigValues.afterApply(printed, "tags_all", block.location());
            }
            Map<String, Value> merged = new LinkedHashMap<>();
            if (d instanceof Value.Struct s) {
                merged.putAll(s.fields());
            }
            if (t instanceof Value.Struct s) {
                merged.putAll(s.fields());
            }
            merged.values().removeIf(ConfigValues::isNull);
            return new Value.Struct(merged, block.location());
        }

        private ModuleInstance.ProviderConfig provider() {
            HclBody.Attribute p = block.body().attribute("provider");
            String local = type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
            String key = p == null ? local : ModuleInstance.providerKey(p.expression());
            return key == null ? null : module.providers.get(key);
        }
    }

    /** A body's attributes and nested blocks (blocks of a type become a list of objects, as plans have them). */
    Map<String, Value> body(HclBody body, Scope scope, boolean top) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (HclBody.Attribute a : body.attributes().values()) {
            if (top && META.contains(a.name())) {
                continue;
            }
            out.put(a.name(), run.evaluator().evaluate(a.expression(), scope));
        }
        Map<String, List<Value>> nested = new LinkedHashMap<>();
        Map<String, Value> unknownBlocks = new LinkedHashMap<>();
        for (HclBody.Block b : body.blocks()) {
            if (top && META.contains(b.type())) {
                continue;
            }
            if (b.type().equals("dynamic") && b.label(0) != null) {
                String blockType = b.label(0);
                List<Value> items = nested.computeIfAbsent(blockType, k -> new ArrayList<>());
                Value unknown = dynamic(b, scope, items);
                if (unknown != null) {
                    unknownBlocks.put(blockType, unknown);
                }
                continue;
            }
            nested.computeIfAbsent(b.type(), k -> new ArrayList<>())
                    .add(new Value.Struct(body(b.body(), scope, false), b.location()));
        }
        for (Map.Entry<String, List<Value>> e : nested.entrySet()) {
            Value u = unknownBlocks.get(e.getKey());
            out.put(e.getKey(), u != null ? u : new Value.Seq(e.getValue(), body.location()));
        }
        return out;
    }

    /** Expands a {@code dynamic} block into {@code items}; returns an unknown when its for_each is not known. */
    private Value dynamic(HclBody.Block b, Scope scope, List<Value> items) {
        HclBody.Attribute forEach = b.body().attribute("for_each");
        HclBody.Attribute iterator = b.body().attribute("iterator");
        String it = iterator == null ? b.label(0) : iterator.expression().text().strip();
        List<HclBody.Block> content = b.body().blocks("content");
        if (forEach == null || content.isEmpty()) {
            return null;
        }
        Value coll = run.evaluator().evaluate(forEach.expression(), scope);
        if (ConfigValues.unknown(coll)) {
            return ConfigValues.undecided("dynamic block " + b.label(0) + " of " + address + " is not known before "
                    + "apply: its for_each " + ExpressionEvaluator.brief(forEach.expression().text()) + " is ("
                    + describeUnknown(coll) + ")", b.location());
        }
        Map<Value, Value> elements;
        try {
            elements = run.evaluator().iterate(coll, forEach.expression());
        } catch (EvaluationError e) {
            return ConfigValues.failed("for_each of dynamic block " + b.label(0), e.getMessage(), b.location());
        }
        for (Map.Entry<Value, Value> e : elements.entrySet()) {
            Map<String, Value> iter = new LinkedHashMap<>();
            iter.put("key", e.getKey());
            iter.put("value", e.getValue());
            Scope inner = scope.with(it, new Value.Struct(iter, b.location()));
            items.add(new Value.Struct(body(content.get(0).body(), inner, false), content.get(0).location()));
        }
        return null;
    }
}
