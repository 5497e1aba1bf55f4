package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.model.Value;

import java.util.Map;
import java.util.Set;

/**
 * The shapes of Terraform's plan JSON format ({@code terraform show -json}, format 0.x-1.x) for every section
 * Preflight reads: {@code variables}, {@code planned_values}, {@code resource_changes}, {@code prior_state} and
 * {@code configuration}. A plan that breaks one is refused with one line naming the path inside the plan
 * ({@code planned_values.root_module.resources: expected a list, found an object}) rather than read as fewer
 * resources. Values inside a resource ({@code values}, {@code change.after}) are free-form and not checked;
 * sections Preflight does not read ({@code output_changes}, {@code resource_drift}, {@code checks}) neither.
 * JSON {@code null} stands for an absent member, as Terraform's own decoder reads it.
 */
final class PlanShape {
    /** Module nesting beyond this is refused; Terraform configurations nest a handful of modules. */
    static final int MAX_MODULE_DEPTH = 64;
    private static final Set<String> MODES = Set.of("managed", "data");

    private final String file;

    private PlanShape(String file) {
        this.file = file;
    }

    /** Throws naming the first member, in document order of the sections, whose shape the format does not allow. */
    static void check(String file, Value.Struct plan) throws InputException {
        PlanShape s = new PlanShape(file);
        s.optional(plan, "format_version", "", Kind.STRING);
        s.variables(plan.get("variables"));
        s.values(plan.get("planned_values"), "planned_values");
        s.changes(plan.get("resource_changes"));
        Value prior = plan.get("prior_state");
        if (s.optional(plan, "prior_state", "", Kind.OBJECT)) {
            s.values(prior.get("values"), "prior_state.values");
        }
        if (s.optional(plan, "configuration", "", Kind.OBJECT)) {
            Value.Struct config = (Value.Struct) plan.get("configuration");
            Value providers = config.get("provider_config");
            if (s.optional(config, "provider_config", "configuration", Kind.OBJECT)) {
                s.eachField(providers, "configuration.provider_config", Kind.OBJECT);
            }
            if (s.optional(config, "root_module", "configuration", Kind.OBJECT)) {
                s.moduleConfig((Value.Struct) config.get("root_module"), "configuration.root_module", 0);
            }
        }
    }

    private enum Kind {
        OBJECT("an object"), LIST("a list"), STRING("a string");

        final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean matches(Value v) {
            return switch (this) {
                case OBJECT -> v instanceof Value.Struct;
                case LIST -> v instanceof Value.Seq;
                case STRING -> v instanceof Value.Text;
            };
        }
    }

    private void variables(Value variables) throws InputException {
        if (absent(variables)) {
            return;
        }
        expect(variables, "variables", Kind.OBJECT);
        eachField(variables, "variables", Kind.OBJECT);
    }

    /** A values representation: {@code planned_values} or {@code prior_state.values}. */
    private void values(Value section, String path) throws InputException {
        if (absent(section)) {
            return;
        }
        expect(section, path, Kind.OBJECT);
        Value.Struct s = (Value.Struct) section;
        optional(s, "outputs", path, Kind.OBJECT);
        if (optional(s, "root_module", path, Kind.OBJECT)) {
            module((Value.Struct) s.get("root_module"), path + ".root_module", 0);
        }
    }

    private void module(Value.Struct module, String path, int depth) throws InputException {
        if (depth > MAX_MODULE_DEPTH) {
            throw fault(module, path + ": modules nested deeper than " + MAX_MODULE_DEPTH + " levels");
        }
        optional(module, "address", path, Kind.STRING);
        if (optional(module, "resources", path, Kind.LIST)) {
            int k = 0;
            for (Value r : module.get("resources").items()) {
                String at = path + ".resources[" + k++ + "]";
                expect(r, at, Kind.OBJECT);
                Value.Struct rs = (Value.Struct) r;
                resourceIdentity(rs, at);
                optional(rs, "values", at, Kind.OBJECT);
            }
        }
        if (optional(module, "child_modules", path, Kind.LIST)) {
            int k = 0;
            for (Value c : module.get("child_modules").items()) {
                String at = path + ".child_modules[" + k++ + "]";
                expect(c, at, Kind.OBJECT);
                module((Value.Struct) c, at, depth + 1);
            }
        }
    }

    private void changes(Value changes) throws InputException {
        if (absent(changes)) {
            return;
        }
        expect(changes, "resource_changes", Kind.LIST);
        int k = 0;
        for (Value entry : changes.items()) {
            String at = "resource_changes[" + k++ + "]";
            expect(entry, at, Kind.OBJECT);
            Value.Struct rc = (Value.Struct) entry;
            resourceIdentity(rc, at);
            optional(rc, "deposed", at, Kind.STRING);
            if (required(rc, "change", at, Kind.OBJECT)) {
                Value.Struct change = (Value.Struct) rc.get("change");
                if (required(change, "actions", at + ".change", Kind.LIST)) {
                    int a = 0;
                    for (Value action : change.get("actions").items()) {
                        expect(action, at + ".change.actions[" + a++ + "]", Kind.STRING);
                    }
                }
                optional(change, "after", at + ".change", Kind.OBJECT);
            }
        }
    }

    /** {@code address} (required, not empty), {@code mode}, {@code type}, {@code name} of a resource entry. */
    private void resourceIdentity(Value.Struct r, String path) throws InputException {
        if (required(r, "address", path, Kind.STRING) && ((Value.Text) r.get("address")).value().isEmpty()) {
            throw fault(r.get("address"), path + ".address: expected a resource address, found an empty string");
        }
        if (optional(r, "mode", path, Kind.STRING)) {
            String mode = ((Value.Text) r.get("mode")).value();
            if (!MODES.contains(mode)) {
                throw fault(r.get("mode"), path + ".mode: expected \"managed\" or \"data\", found \"" + mode + "\"");
            }
        }
        optional(r, "type", path, Kind.STRING);
        optional(r, "name", path, Kind.STRING);
    }

    /** A module of the {@code configuration} section. */
    private void moduleConfig(Value.Struct module, String path, int depth) throws InputException {
        if (depth > MAX_MODULE_DEPTH) {
            throw fault(module, path + ": modules nested deeper than " + MAX_MODULE_DEPTH + " levels");
        }
        if (optional(module, "resources", path, Kind.LIST)) {
            int k = 0;
            for (Value r : module.get("resources").items()) {
                String at = path + ".resources[" + k++ + "]";
                expect(r, at, Kind.OBJECT);
                Value.Struct rs = (Value.Struct) r;
                required(rs, "address", at, Kind.STRING);
                optional(rs, "provider_config_key", at, Kind.STRING);
                optional(rs, "expressions", at, Kind.OBJECT);
                optional(rs, "for_each_expression", at, Kind.OBJECT);
                optional(rs, "count_expression", at, Kind.OBJECT);
            }
        }
        if (optional(module, "outputs", path, Kind.OBJECT)) {
            eachField(module.get("outputs"), path + ".outputs", Kind.OBJECT);
        }
        if (optional(module, "module_calls", path, Kind.OBJECT)) {
            for (Map.Entry<String, Value> e : ((Value.Struct) module.get("module_calls")).fields().entrySet()) {
                String at = path + ".module_calls." + e.getKey();
                expect(e.getValue(), at, Kind.OBJECT);
                Value.Struct call = (Value.Struct) e.getValue();
                optional(call, "source", at, Kind.STRING);
                optional(call, "expressions", at, Kind.OBJECT);
                optional(call, "for_each_expression", at, Kind.OBJECT);
                optional(call, "count_expression", at, Kind.OBJECT);
                if (optional(call, "module", at, Kind.OBJECT)) {
                    moduleConfig((Value.Struct) call.get("module"), at + ".module", depth + 1);
                }
            }
        }
    }

    private void eachField(Value struct, String path, Kind kind) throws InputException {
        for (Map.Entry<String, Value> e : ((Value.Struct) struct).fields().entrySet()) {
            expect(e.getValue(), path + "." + e.getKey(), kind);
        }
    }

    /** True when the member is present (and of the kind); false when absent or null. */
    private boolean optional(Value.Struct parent, String member, String path, Kind kind) throws InputException {
        Value v = parent.get(member);
        if (absent(v)) {
            return false;
        }
        expect(v, path.isEmpty() ? member : path + "." + member, kind);
        return true;
    }

    private boolean required(Value.Struct parent, String member, String path, Kind kind) throws InputException {
        if (absent(parent.get(member))) {
            throw fault(parent, path + "." + member + ": missing (expected " + kind.description + ")");
        }
        return optional(parent, member, path, kind);
    }

    private void expect(Value v, String path, Kind kind) throws InputException {
        if (!kind.matches(v)) {
            throw fault(v, path + ": expected " + kind.description + ", found " + describe(v));
        }
    }

    private static boolean absent(Value v) {
        return v == null || v instanceof Value.Absent;
    }

    private static String describe(Value v) {
        if (v instanceof Value.Struct) {
            return "an object";
        }
        if (v instanceof Value.Seq) {
            return "a list";
        }
        if (v instanceof Value.Text) {
            return "a string";
        }
        if (v instanceof Value.Num) {
            return "a number";
        }
        if (v instanceof Value.Bool) {
            return "a boolean";
        }
        if (v instanceof Value.Absent) {
            return "null";
        }
        return "a " + v.getClass().getSimpleName();
    }

    private InputException fault(Value at, String what) {
        return new InputException(file, at.location().line(), at.location().column(),
                "not a valid Terraform plan: " + what);
    }
}
