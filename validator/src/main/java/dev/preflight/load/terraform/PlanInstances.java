package dev.preflight.load.terraform;

import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resource instances of one plan, in order: {@code resource_changes} (their {@code change.after}) first, then
 * {@code planned_values} (root and child modules) for anything not listed there, then {@code prior_state} (data
 * sources read at plan time, existing resources). A resource whose actions are only {@code delete} is left out (it
 * will not exist after apply), and so are deposed objects; replacements, {@code no-op}, {@code read} and
 * {@code forget} are kept. Indexed by configuration name for the reference resolver.
 */
final class PlanInstances {
    private final Map<String, PlanInstance> instances = new LinkedHashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private final Map<String, List<PlanInstance>> byLocalName = new HashMap<>();
    private final Map<String, List<PlanInstance>> byLocalNameAndKey = new HashMap<>();

    private PlanInstances() {
    }

    /** Reads a plan whose shape {@link PlanShape} has checked. */
    static PlanInstances read(Value.Struct root) {
        PlanInstances p = new PlanInstances();
        p.readChanges(root.get("resource_changes"));
        p.readModuleTree(root.get("planned_values"));
        Value prior = root.get("prior_state");
        if (prior != null) {
            p.readModuleTree(prior.get("values"));
        }
        for (PlanInstance i : p.instances.values()) {
            if (i.address != null) {
                p.byLocalName.computeIfAbsent(i.configName, k -> new ArrayList<>()).add(i);
                p.byLocalNameAndKey.computeIfAbsent(i.configName + "|" + i.key(), k -> new ArrayList<>()).add(i);
            }
        }
        return p;
    }

    Collection<PlanInstance> all() {
        return instances.values();
    }

    /** Every instance of a configuration name ({@code net/sub|aws_subnet.a}), in plan order. */
    List<PlanInstance> named(String configName) {
        return byLocalName.getOrDefault(configName, List.of());
    }

    /** The instances of a configuration name with one printed key ({@code [0]}, {@code ["a"]}). */
    List<PlanInstance> named(String configName, String key) {
        return byLocalNameAndKey.getOrDefault(configName + "|" + key, List.of());
    }

    private void readChanges(Value changes) {
        if (changes == null || changes instanceof Value.Absent) {
            return;
        }
        for (Value entry : changes.items()) {
            if (!(entry instanceof Value.Struct rc)) {
                continue;
            }
            Value deposed = rc.get("deposed");
            if (deposed != null && !(deposed instanceof Value.Absent)) {
                continue;
            }
            String printed = string(rc.get("address"));
            if (printed == null) {
                continue;
            }
            Value change = rc.get("change");
            List<String> actions = new ArrayList<>();
            if (change != null && change.get("actions") != null) {
                for (Value a : change.get("actions").items()) {
                    a.text().ifPresent(actions::add);
                }
            }
            if (actions.equals(List.of("delete"))) {
                deleted.add(printed);
                instances.remove(printed);
                continue;
            }
            PlanInstance inst = instances.computeIfAbsent(printed, p -> newInstance(p, rc));
            if (change != null) {
                Value after = change.get("after");
                if (after instanceof Value.Struct) {
                    inst.after = after;
                }
                inst.afterUnknown = change.get("after_unknown");
                inst.afterSensitive = change.get("after_sensitive");
            }
        }
    }

    private void readModuleTree(Value section) {
        if (section == null || section instanceof Value.Absent) {
            return;
        }
        readModule(section.get("root_module"), 0);
    }

    private void readModule(Value module, int depth) {
        if (!(module instanceof Value.Struct) || depth > 64) {
            return;
        }
        Value resources = module.get("resources");
        for (Value r : resources == null ? List.<Value>of() : resources.items()) {
            if (!(r instanceof Value.Struct rs)) {
                continue;
            }
            String printed = string(rs.get("address"));
            if (printed == null || deleted.contains(printed)) {
                continue;
            }
            PlanInstance inst = instances.get(printed);
            if (inst == null) {
                inst = newInstance(printed, rs);
                instances.put(printed, inst);
            }
            if (inst.after == null && rs.get("values") instanceof Value.Struct values) {
                inst.after = values;
                if (inst.afterSensitive == null) {
                    inst.afterSensitive = rs.get("sensitive_values");
                }
            }
        }
        Value children = module.get("child_modules");
        for (Value c : children == null ? List.<Value>of() : children.items()) {
            readModule(c, depth + 1);
        }
    }

    private static PlanInstance newInstance(String printed, Value.Struct entry) {
        TerraformAddress address = TerraformAddress.parse(printed);
        String type = text(entry.get("type"));
        if (type == null) {
            type = address == null ? "unknown" : address.type();
        }
        String mode = text(entry.get("mode"));
        boolean data = mode != null ? mode.equals("data") : address != null && address.data();
        return new PlanInstance(printed, address, type, data, entry.location());
    }

    static String text(Value v) {
        return v == null ? null : v.text().orElse(null);
    }

    /** A JSON string, or null (an address that is a number is not an address). */
    private static String string(Value v) {
        return v instanceof Value.Text t && !t.value().isEmpty() ? t.value() : null;
    }
}
