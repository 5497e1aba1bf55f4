package dev.preflight.load.terraform;

import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which plan instances a configuration expression references, resolved like Terraform: relative to the module;
 * {@code var.X} follows the module call's argument, {@code module.M.OUT} follows the output's expression. A
 * reference to a {@code count}/{@code for_each} resource without a literal key: when the expression uses
 * {@code count.index}/{@code each.*} and the target has an instance with the referencing instance's key, that
 * instance (the usual {@code x[count.index]} / {@code each.value} pattern; a heuristic: the plan lists {@code x}
 * and {@code count.index} but not the index expression, so {@code x[(count.index + 1) % 3]} would be linked to the
 * wrong instance, while the common {@code x[count.index % 3]} is right whenever an instance with that key exists);
 * when the target has one instance, that one; otherwise every instance. An index on a module output
 * ({@code module.net.subnet_ids[0]}) picks the instance with that key when the output is one resource's
 * instances ({@code aws_subnet.this[*].id}).
 */
final class ReferenceResolver {
    private static final String WILDCARD = "*";
    /** References followed for one value at most: module outputs and variables can fan out on hostile input. */
    private static final int RESOLUTION_BUDGET = 10_000;

    /** A referenced instance and attribute (null when the reference names none, as Terraform 0.12 writes). */
    record Target(PlanInstance instance, String attribute) {
    }

    /** A place in the configuration tree: the module, its instance path, and how it was called. */
    private record Scope(PlanConfiguration.Module module, List<TerraformAddress.ModuleStep> steps, Scope parent,
                         Value.Struct callArguments) {
    }

    private final PlanConfiguration config;
    private final PlanInstances instances;
    private final ConfigurationFiles files;
    private int budget;

    /** @param files the {@code .tf} files beside the plan (for {@code local.*}), or null */
    ReferenceResolver(PlanConfiguration config, PlanInstances instances, ConfigurationFiles files) {
        this.config = config;
        this.instances = instances;
        this.files = files;
    }

    /** The instances an expression of {@code owner}'s configuration references, in order, each once. */
    List<Target> targets(Value expression, PlanInstance owner) {
        budget = RESOLUTION_BUDGET;
        return resolveExpression(expression, scopeOf(owner), owner.key(), owner.forEach, 0);
    }

    private Scope scopeOf(PlanInstance i) {
        List<TerraformAddress.ModuleStep> steps = i.address.modules();
        Scope scope = new Scope(config.module(List.of()), List.of(), null, null);
        for (int k = 0; k < steps.size(); k++) {
            PlanConfiguration.Call call = scope.module() == null ? null : scope.module().calls.get(steps.get(k).name());
            scope = new Scope(call == null ? null : call.module(), steps.subList(0, k + 1), scope,
                    call == null ? null : call.expressions());
        }
        return scope;
    }

    /**
     * The resources an expression references, in order, each once.
     *
     * @param ownerKey the instance key of the resource (or module call) the expression belongs to, or null
     * @param forEach  its {@code for_each} expression, which {@code each.value} stands for, or null
     */
    private List<Target> resolveExpression(Value expression, Scope scope, String ownerKey, Value forEach,
                                           int depth) {
        List<String> refs = new ArrayList<>();
        Value list = expression.get("references");
        for (Value r : list == null ? List.<Value>of() : list.items()) {
            r.text().ifPresent(refs::add);
        }
        return resolveReferences(refs, scope, ownerKey, forEach, depth);
    }

    private List<Target> resolveReferences(List<String> refs, Scope scope, String ownerKey, Value forEach,
                                           int depth) {
        boolean usesIndex = refs.stream().anyMatch(r -> r.equals("count.index") || r.startsWith("each."));
        List<Target> out = new ArrayList<>();
        Set<PlanInstance> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String ref : refs) {
            if (redundant(ref, refs)) {
                continue;
            }
            List<Target> found = resolveReference(ref, scope, ownerKey, usesIndex ? ownerKey : null, forEach,
                    depth);
            if (usesIndex && ownerKey != null) {
                found = narrowToKey(found, ownerKey);
            }
            for (Target t : found) {
                if (seen.add(t.instance())) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * {@code local.NAME}, which plans leave out: the local's expression in the {@code .tf} files beside the plan.
     * {@code try(a, b, ...)} and {@code coalesce(...)} take the first argument whose references are instances of
     * the plan ({@code try(aws_vpc_ipv4_cidr_block_association.this[0].vpc_id, aws_vpc.this[0].id, "")} is
     * {@code aws_vpc.this[0]} when the association has {@code count = 0}); a literal argument there ends the
     * search with no reference.
     */
    private List<Target> resolveLocal(String name, String attribute, Scope scope, int depth) {
        if (files == null) {
            return List.of();
        }
        List<String> moduleNames = new ArrayList<>();
        for (TerraformAddress.ModuleStep s : scope.steps()) {
            moduleNames.add(s.name());
        }
        HclExpression e = files.local(moduleNames, name);
        while (e instanceof HclExpression.Parenthesis p) {
            e = p.expression();
        }
        if (e instanceof HclExpression.Template t && t.singleInterpolation() != null) {
            e = t.singleInterpolation();
        }
        if (e == null) {
            return List.of();
        }
        List<Target> found;
        if (e instanceof HclExpression.FunctionCall f && (f.name().equals("try") || f.name().equals("coalesce"))) {
            found = List.of();
            for (HclExpression argument : f.args()) {
                List<String> refs = HclReferences.of(argument);
                if (refs.isEmpty()) {
                    break;
                }
                found = resolveReferences(refs, scope, null, null, depth + 1);
                if (!found.isEmpty()) {
                    break;
                }
            }
        } else {
            found = resolveReferences(HclReferences.of(e), scope, null, null, depth + 1);
        }
        if (attribute == null) {
            return found;
        }
        // local.vpc.id where the local is a resource: the attribute applies to it
        List<Target> out = new ArrayList<>();
        for (Target t : found) {
            out.add(t.attribute() == null ? new Target(t.instance(), attribute) : t);
        }
        return out;
    }

    /** Terraform lists {@code aws_vpc.main.id} and then {@code aws_vpc.main}: the shorter one adds nothing. */
    private static boolean redundant(String ref, List<String> refs) {
        for (String other : refs) {
            if (other.length() > ref.length() && other.startsWith(ref)) {
                char c = other.charAt(ref.length());
                if (c == '.' || c == '[') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Of several instances of one resource, the one whose key is {@code key} (when there is one). */
    private static List<Target> narrowToKey(List<Target> found, String key) {
        if (found.size() < 2) {
            return found;
        }
        Map<String, List<Target>> byBase = new LinkedHashMap<>();
        for (Target t : found) {
            byBase.computeIfAbsent(t.instance().base(), b -> new ArrayList<>()).add(t);
        }
        List<Target> out = new ArrayList<>();
        for (List<Target> group : byBase.values()) {
            List<Target> match = group.size() < 2 ? group
                    : group.stream().filter(t -> key.equals(t.instance().key())).toList();
            out.addAll(match.isEmpty() ? group : match);
        }
        return out;
    }

    /** @param preferKey the instance key to pick among several instances of a resource (x[count.index]), or null */
    private List<Target> resolveReference(String ref, Scope scope, String ownerKey, String preferKey, Value forEach,
                                          int depth) {
        if (depth > 16 || scope == null || scope.module() == null || --budget < 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        if (!TerraformAddress.split(ref, names, keys)) {
            return List.of();
        }
        switch (names.get(0)) {
            case "var": {
                if (scope.parent() == null || scope.callArguments() == null || names.size() < 2) {
                    return List.of();
                }
                Value argument = scope.callArguments().get(names.get(1));
                if (argument == null) {
                    return List.of();
                }
                List<TerraformAddress.ModuleStep> steps = scope.steps();
                String moduleKey = steps.isEmpty() ? null : steps.get(steps.size() - 1).key();
                PlanConfiguration.Call call = scope.parent().module() == null || steps.isEmpty() ? null
                        : scope.parent().module().calls.get(steps.get(steps.size() - 1).name());
                return resolveExpression(argument, scope.parent(), WILDCARD.equals(moduleKey) ? null : moduleKey,
                        call == null ? null : call.forEach(), depth + 1);
            }
            case "module": {
                if (names.size() < 3) {
                    return List.of();
                }
                PlanConfiguration.Call call = scope.module().calls.get(names.get(1));
                Value output = call == null ? null : call.module().outputs.get(names.get(2));
                if (output == null) {
                    return List.of();
                }
                List<TerraformAddress.ModuleStep> steps = new ArrayList<>(scope.steps());
                steps.add(new TerraformAddress.ModuleStep(names.get(1), keys.get(1) == null ? WILDCARD : keys.get(1)));
                Scope child = new Scope(call.module(), steps, scope, call.expressions());
                List<Target> found = resolveExpression(output, child, null, null, depth + 1);
                return keys.get(2) == null ? found : narrowToKey(found, keys.get(2));
            }
            case "data":
                if (names.size() < 3) {
                    return List.of();
                }
                return instancesOf(scope, "data." + names.get(1) + "." + names.get(2), keys.get(2),
                        names.size() > 3 ? names.get(3) : null, preferKey);
            case "each": {
                // for_each = aws_subnet.private; subnet_id = each.value.id: the instance with the same key
                if (forEach == null || ownerKey == null || names.size() < 2 || !names.get(1).equals("value")) {
                    return List.of();
                }
                String attribute = names.size() > 2 ? names.get(2) : null;
                List<Target> out = new ArrayList<>();
                for (Target t : resolveExpression(forEach, scope, null, null, depth + 1)) {
                    if (ownerKey.equals(t.instance().key())) {
                        out.add(new Target(t.instance(), attribute));
                    }
                }
                return out;
            }
            case "local":
                return names.size() < 2 ? List.of()
                        : resolveLocal(names.get(1), names.size() > 2 ? names.get(2) : null, scope, depth);
            case "count", "self", "path", "terraform":
                return List.of();
            default:
                if (names.size() < 2) {
                    return List.of();
                }
                return instancesOf(scope, names.get(0) + "." + names.get(1), keys.get(1),
                        names.size() > 2 ? names.get(2) : null, preferKey);
        }
    }

    private List<Target> instancesOf(Scope scope, String localName, String key, String attribute,
                                     String preferKey) {
        List<String> moduleNames = new ArrayList<>();
        for (TerraformAddress.ModuleStep s : scope.steps()) {
            moduleNames.add(s.name());
        }
        String configName = String.join("/", moduleNames) + "|" + localName;
        String wanted = key != null ? key : preferKey;
        if (wanted != null) {
            List<Target> out = new ArrayList<>();
            for (PlanInstance i : instances.named(configName, wanted)) {
                if (sameModuleInstance(scope.steps(), i.address.modules())) {
                    out.add(new Target(i, attribute));
                }
            }
            if (key != null || !out.isEmpty()) {
                return out;
            }
        }
        List<PlanInstance> candidates = instances.named(configName);
        List<Target> out = new ArrayList<>();
        for (PlanInstance i : candidates) {
            if (key != null && !key.equals(i.key())) {
                continue;
            }
            if (!sameModuleInstance(scope.steps(), i.address.modules())) {
                continue;
            }
            out.add(new Target(i, attribute));
        }
        return out;
    }

    private static boolean sameModuleInstance(List<TerraformAddress.ModuleStep> scope,
                                              List<TerraformAddress.ModuleStep> actual) {
        for (int k = 0; k < scope.size(); k++) {
            String want = scope.get(k).key();
            if (!WILDCARD.equals(want) && !Objects.equals(want, actual.get(k).key())) {
                return false;
            }
        }
        return true;
    }
}
