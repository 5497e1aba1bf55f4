package dev.preflight.load.terraform;

import dev.preflight.model.Value;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code configuration} section of a plan: one node per module (root and every {@code module_calls} child),
 * with its resources' {@code expressions}, its module calls' argument expressions and its outputs. Addresses
 * inside a module are relative to it, as Terraform writes them.
 */
final class PlanConfiguration {
    /** A module's configuration; {@code calls} maps a call name to the call's arguments and the child module. */
    static final class Module {
        final Map<String, Value.Struct> resources = new HashMap<>();
        final Map<String, Call> calls = new LinkedHashMap<>();
        final Map<String, Value> outputs = new HashMap<>();
    }

    /** A module call: its argument expressions, the child module, and its {@code for_each} expression or null. */
    record Call(Value.Struct expressions, Module module, Value forEach) {
    }

    private final Module root;
    private final Value.Struct providers;
    private final Value variables;

    private PlanConfiguration(Module root, Value.Struct providers, Value variables) {
        this.root = root;
        this.providers = providers;
        this.variables = variables;
    }

    /**
     * Null when the plan has no usable configuration section.
     *
     * @param variables the plan's {@code variables} (root module input values), or null
     */
    static PlanConfiguration read(Value configuration, Value variables) {
        if (!(configuration instanceof Value.Struct c)) {
            return null;
        }
        Module root = new Module();
        if (c.get("root_module") instanceof Value.Struct rm) {
            fill(root, rm, 0);
        }
        Value.Struct providers = c.get("provider_config") instanceof Value.Struct p ? p : null;
        return new PlanConfiguration(root, providers, variables);
    }

    private static void fill(Module m, Value.Struct node, int depth) {
        Value resources = node.get("resources");
        for (Value r : resources == null ? List.<Value>of() : resources.items()) {
            if (r instanceof Value.Struct rs && rs.get("address") != null) {
                rs.get("address").text().ifPresent(a -> m.resources.putIfAbsent(a, rs));
            }
        }
        if (node.get("outputs") instanceof Value.Struct outs) {
            for (Map.Entry<String, Value> e : outs.fields().entrySet()) {
                Value expr = e.getValue().get("expression");
                if (expr != null) {
                    m.outputs.put(e.getKey(), expr);
                }
            }
        }
        if (depth < 64 && node.get("module_calls") instanceof Value.Struct calls) {
            for (Map.Entry<String, Value> e : calls.fields().entrySet()) {
                if (e.getValue() instanceof Value.Struct call) {
                    Module child = new Module();
                    if (call.get("module") instanceof Value.Struct cm) {
                        fill(child, cm, depth + 1);
                    }
                    Value.Struct args = call.get("expressions") instanceof Value.Struct x ? x
                            : new Value.Struct(Map.of(), call.location());
                    m.calls.put(e.getKey(), new Call(args, child, call.get("for_each_expression")));
                }
            }
        }
    }

    /** The module at the given call path, or null when the configuration does not describe it. */
    Module module(List<String> names) {
        Module m = root;
        for (String n : names) {
            Call c = m.calls.get(n);
            if (c == null) {
                return null;
            }
            m = c.module();
        }
        return m;
    }

    /** The configuration block of a resource ({@code address}, {@code expressions}, ...) or null. */
    Value.Struct resource(TerraformAddress address) {
        Module m = module(address.moduleNames());
        return m == null ? null : m.resources.get(address.localName());
    }

    /**
     * The provider's {@code default_tags.tags} when constant or a root variable ({@code tags = var.default_tags},
     * whose value the plan records), empty when the provider sets none, or null when they are computed otherwise
     * or the provider block is not in the plan.
     */
    Value.Struct defaultTags(String providerConfigKey) {
        if (providers == null) {
            return null;
        }
        Value p = providerConfigKey == null ? null : providers.get(providerConfigKey);
        if (p == null && providerConfigKey != null && providerConfigKey.contains(":")) {
            // Terraform 0.12-0.14 write module providers as "module.net:aws" or "net:aws"
            p = providers.get(providerConfigKey.substring(providerConfigKey.lastIndexOf(':') + 1));
        }
        if (p == null) {
            p = providers.get("aws");
        }
        if (p == null) {
            return null;
        }
        Value dt = p.at("expressions", "default_tags");
        if (dt.isAbsent()) {
            return new Value.Struct(Map.of(), p.location());
        }
        List<Value> blocks = dt.items();
        if (blocks.size() != 1) {
            return blocks.isEmpty() ? new Value.Struct(Map.of(), dt.location()) : null;
        }
        Value tags = blocks.get(0).get("tags");
        if (tags == null) {
            return new Value.Struct(Map.of(), dt.location());
        }
        Value constant = tags.get("constant_value");
        if (constant instanceof Value.Struct s) {
            return s;
        }
        List<Value> refs = tags.get("references") == null ? List.of() : tags.get("references").items();
        if (constant == null && !refs.isEmpty() && variables != null) {
            String first = refs.get(0).text().orElse("");
            // Terraform lists "var.tags" (and nothing else) for tags = var.tags
            if (first.startsWith("var.") && first.indexOf('.', 4) < 0 && first.indexOf('[', 4) < 0
                    && refs.size() == 1) {
                Value value = variables.at(first.substring(4), "value");
                return value instanceof Value.Struct s ? s : null;
            }
        }
        return null;
    }
}
