package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads one plan document. Semantics:
 * <ul>
 * <li>Resources come from {@code resource_changes} (their {@code change.after}), then {@code planned_values}
 * (root and child modules) for anything not listed there, then {@code prior_state} (data sources read at plan
 * time, existing resources). A resource whose actions are only {@code delete} is left out (it will not exist after
 * apply), and so are deposed objects; replacements, {@code no-op}, {@code read} and {@code forget} are kept.</li>
 * <li>An attribute marked in {@code after_unknown} (at any depth) becomes unknown. When the resource's
 * configuration expression references resources of the plan it becomes a {@link Value.Reference} to each (a
 * {@link Value.Seq} of them for list and set attributes) whose resolved value is the target attribute when the plan
 * knows it, else "known after apply". When the configuration has no expression for it, it is
 * {@link UnknownReason#NOT_CONFIGURED} (the provider default applies), except {@code id}, {@code arn},
 * {@code tags_all} and every attribute of a data source (read from the real object during apply). Inside a block
 * that the plan has and the configuration does not list (Terraform leaves {@code dynamic} blocks out of the
 * configuration section), unknown values are "known after apply", never "not configured". Limitation: a whole
 * attribute written only by a {@code dynamic} block whose {@code for_each} is itself unknown looks exactly like
 * an unset computed attribute in the plan, and is read as not configured.</li>
 * <li>References are resolved like Terraform: relative to the module; {@code var.X} follows the module call's
 * argument, {@code module.M.OUT} follows the output's expression. A reference to a {@code count}/{@code for_each}
 * resource without a literal key: when the expression uses {@code count.index}/{@code each.*} and the target has
 * an instance with the referencing instance's key, that instance (the usual {@code x[count.index]} /
 * {@code each.value} pattern; a heuristic: the plan lists {@code x} and {@code count.index} but not the index
 * expression, so {@code x[(count.index + 1) % 3]} would be linked to the wrong instance, while the common
 * {@code x[count.index % 3]} is right whenever an instance with that key exists); when the target has one
 * instance, that one; otherwise every instance (a list) or, for a single value, an unknown naming the candidates.
 * An index on a module output ({@code module.net.subnet_ids[0]}) picks the instance with that key when the output
 * is one resource's instances ({@code aws_subnet.this[*].id}).</li>
 * <li>When several unknown parts of one attribute share one expression (two {@code ingress} blocks whose
 * {@code security_groups} are unknown) and it references more than one resource, the plan does not say which part
 * uses which: each part is unknown and names the candidates rather than guessing.</li>
 * <li>A known text whose expression references resources is linked too when exactly one referenced resource has
 * that very value at the referenced attribute ({@code role = aws_iam_role.app.name} planned as {@code "app"}):
 * it becomes a {@link Value.Reference} whose resolved value is the text, so {@code text()} still reads it.</li>
 * <li>An unknown value gets a reference only when it can be the referenced attribute itself: an id, ARN or name in
 * a slot that does not hold documents, or the same attribute ({@code cidr_blocks} from {@code cidr_block}); maps
 * and documents ({@code policy = jsonencode(...)}) computed from references stay unknown and name them. A single
 * value whose referenced attribute is known while it is not is computed from it, and stays unknown too.</li>
 * <li>{@code tags_all} unknown in the plan is computed as the provider's constant {@code default_tags} plus the
 * resource's known {@code tags}; when either is not known it stays unknown.</li>
 * </ul>
 */
final class PlanReader {
    private static final String WILDCARD = "*";
    /** References followed for one value at most: module outputs and variables can fan out on hostile input. */
    private static final int RESOLUTION_BUDGET = 10_000;

    private final String file;
    private final Value.Struct root;
    private final PlanConfiguration config;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private final Map<String, List<Instance>> byLocalName = new HashMap<>();
    private final Map<String, List<Instance>> byLocalNameAndKey = new HashMap<>();
    private final IdentityHashMap<Value, Site> sites = new IdentityHashMap<>();
    private final IdentityHashMap<Value, KnownSite> knownSites = new IdentityHashMap<>();
    private int budget;
    /** Per instance: how many unknown parts each configuration expression decides. */
    private final IdentityHashMap<Instance, IdentityHashMap<Value, Integer>> leafUse = new IdentityHashMap<>();
    private final IdentityHashMap<Value, Value> mergedBlocks = new IdentityHashMap<>();

    PlanReader(String file, Value root) throws InputException {
        this.file = file;
        if (!(root instanceof Value.Struct s)) {
            throw new InputException(file, root.location().line(), root.location().column(),
                    "not a Terraform plan: the document is not a JSON object");
        }
        this.root = s;
        if (s.get("planned_values") == null && s.get("resource_changes") == null && s.get("prior_state") == null) {
            throw new InputException(file, 1, 1, "not a Terraform plan: no planned_values or resource_changes "
                    + "(write it with terraform show -json PLANFILE)");
        }
        this.config = PlanConfiguration.read(s.get("configuration"), s.get("variables"));
    }

    /** One resource instance of the plan while it is being read. */
    private static final class Instance {
        final String printed;
        final TerraformAddress address;
        final String type;
        final boolean data;
        final SourceLocation location;
        final String base;
        /** Module call names and local name, without instance keys: what a configuration address selects. */
        final String configName;
        Value after;
        Value afterUnknown;
        Value afterSensitive;
        Value.Struct properties;
        /** The configuration's {@code for_each} expression, for {@code each.value} references. */
        Value forEach;

        Instance(String printed, TerraformAddress address, String type, boolean data, SourceLocation location) {
            this.printed = printed;
            this.address = address;
            this.type = type;
            this.data = data;
            this.location = location;
            this.base = address == null ? printed : address.modulePath() + "|" + address.localName();
            this.configName = address == null ? null
                    : String.join("/", address.moduleNames()) + "|" + address.localName();
        }

        String key() {
            return address == null ? null : address.key();
        }

        /** The resource all instances of which share this: module instance path and local name. */
        String base() {
            return base;
        }
    }

    /** Where the configuration stands for a value being built (see {@link #descend}). */
    private sealed interface Expr permits Level, Leaf, BlockList, NotConfigured, NoConfig {
    }

    /** A map of attribute name to expression: a resource's {@code expressions} or one nested block. */
    private record Level(Value.Struct expressions) implements Expr {
    }

    /**
     * One expression ({@code constant_value} and/or {@code references}) that decides everything below it;
     * {@code wide} when it covers more than the unknown value (a whole {@code ingress} attribute, several blocks).
     */
    private record Leaf(Value expression, boolean wide) implements Expr {
    }

    /** Nested blocks written in the configuration, in order. */
    private record BlockList(Value.Seq blocks) implements Expr {
    }

    /** The configuration is present and does not set this attribute. */
    private record NotConfigured() implements Expr {
    }

    /** Nothing is known about the configuration here. */
    private record NoConfig() implements Expr {
    }

    /** An unknown value of the plan, to be replaced once every resource is read. */
    private record Site(Instance owner, String path, SourceLocation location, Expr expr, Shape shape,
                        boolean topLevel) {
    }

    /** What kind of value an unknown site holds, from {@code after_sensitive} or the attribute name. */
    private enum Shape { SCALAR, LIST, MAP }

    private record Target(Instance instance, String attribute) {
    }

    /** A known text whose configuration expression references resources. */
    private record KnownSite(Instance owner, Value expression) {
    }

    /** A place in the configuration tree: the module, its instance path, and how it was called. */
    private record Scope(PlanConfiguration.Module module, List<TerraformAddress.ModuleStep> steps, Scope parent,
                         Value.Struct callArguments) {
    }

    List<Resource> read() throws InputException {
        readChanges();
        readModuleTree(root.get("planned_values"), "planned_values");
        Value prior = root.get("prior_state");
        if (prior != null) {
            readModuleTree(prior.get("values"), "prior_state.values");
        }
        for (Instance i : instances.values()) {
            if (i.address != null) {
                byLocalName.computeIfAbsent(i.configName, k -> new ArrayList<>()).add(i);
                byLocalNameAndKey.computeIfAbsent(i.configName + "|" + i.key(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Instance i : instances.values()) {
            buildProperties(i);
        }
        List<Resource> out = new ArrayList<>();
        for (Instance i : instances.values()) {
            Value.Struct props = (Value.Struct) substitute(i.properties);
            out.add(new Resource(new ResourceKey(file, i.printed), i.type, Dialect.TERRAFORM, props, i.location,
                    null, null, null, i.data));
        }
        return out;
    }

    // ---- collecting instances ----

    private void readChanges() throws InputException {
        Value changes = root.get("resource_changes");
        if (changes == null || changes instanceof Value.Null) {
            return;
        }
        if (!(changes instanceof Value.Seq seq)) {
            throw wrongType(changes, "resource_changes", "a list");
        }
        for (Value entry : seq.items()) {
            if (!(entry instanceof Value.Struct rc)) {
                continue;
            }
            Value deposed = rc.get("deposed");
            if (deposed != null && !(deposed instanceof Value.Null)) {
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
            Instance inst = instances.computeIfAbsent(printed, p -> newInstance(p, rc));
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

    private void readModuleTree(Value section, String name) throws InputException {
        if (section == null || section instanceof Value.Null) {
            return;
        }
        if (!(section instanceof Value.Struct)) {
            throw wrongType(section, name, "an object");
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
            Instance inst = instances.get(printed);
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

    private Instance newInstance(String printed, Value.Struct entry) {
        TerraformAddress address = TerraformAddress.parse(printed);
        String type = text(entry.get("type"));
        if (type == null) {
            type = address == null ? "unknown" : address.type();
        }
        String mode = text(entry.get("mode"));
        boolean data = mode != null ? mode.equals("data") : address != null && address.data();
        return new Instance(printed, address, type, data, entry.location());
    }

    private InputException wrongType(Value v, String name, String expected) {
        return new InputException(file, v.location().line(), v.location().column(),
                "not a valid Terraform plan: " + name + " is not " + expected);
    }

    private static String text(Value v) {
        return v == null ? null : v.text().orElse(null);
    }

    /** A JSON string, or null (an address that is a number is not an address). */
    private static String string(Value v) {
        return v instanceof Value.Text t && !t.value().isEmpty() ? t.value() : null;
    }

    // ---- pass 1: planned values with unknown sites ----

    private void buildProperties(Instance i) {
        Expr expr = new NoConfig();
        Value.Struct configResource = null;
        if (config != null && i.address != null) {
            configResource = config.resource(i.address);
            if (configResource != null) {
                i.forEach = configResource.get("for_each_expression");
                expr = configResource.get("expressions") instanceof Value.Struct ex ? new Level(ex)
                        : new Level(new Value.Struct(Map.of(), configResource.location()));
            }
        }
        Value after = i.after == null ? new Value.Struct(Map.of(), i.location) : i.after;
        Value built = build(i, after, i.afterUnknown, i.afterSensitive, "", expr, i.location, true);
        Value.Struct props = built instanceof Value.Struct s ? s : new Value.Struct(Map.of(), i.location);
        i.properties = withTagsAll(i, props, configResource);
    }

    private Value build(Instance owner, Value after, Value unknown, Value sensitive, String path, Expr expr,
                        SourceLocation fallback, boolean topLevel) {
        if (unknown instanceof Value.Bool b && b.value()) {
            return site(owner, path, unknown.location(), expr, shape(path, sensitive, after), topLevel);
        }
        if (unknown instanceof Value.Struct u && (after == null || after instanceof Value.Struct
                || after instanceof Value.Null)) {
            Map<String, Value> fields = new LinkedHashMap<>();
            Value.Struct a = after instanceof Value.Struct s ? s : null;
            if (a != null) {
                for (Map.Entry<String, Value> e : a.fields().entrySet()) {
                    String k = e.getKey();
                    fields.put(k, build(owner, e.getValue(), u.get(k), field(sensitive, k), join(path, k),
                            descend(expr, k), e.getValue().location(), path.isEmpty()));
                }
            }
            for (Map.Entry<String, Value> e : u.fields().entrySet()) {
                String k = e.getKey();
                if (!fields.containsKey(k) && e.getValue() instanceof Value.Bool b && b.value()) {
                    fields.put(k, build(owner, null, e.getValue(), field(sensitive, k), join(path, k),
                            descend(expr, k), e.getValue().location(), path.isEmpty()));
                }
            }
            if (a == null && fields.isEmpty()) {
                return after == null ? new Value.Null(fallback) : after;
            }
            return new Value.Struct(fields, a != null ? a.location() : u.location());
        }
        if (unknown instanceof Value.Seq u && after instanceof Value.Seq a) {
            List<Value> items = new ArrayList<>();
            int n = Math.max(a.items().size(), u.items().size());
            for (int k = 0; k < n; k++) {
                Value item = k < a.items().size() ? a.items().get(k) : null;
                Value itemUnknown = k < u.items().size() ? u.items().get(k) : null;
                if (item == null && !(itemUnknown instanceof Value.Bool)) {
                    continue;
                }
                items.add(build(owner, item, itemUnknown, element(sensitive, k), path + "[" + k + "]",
                        descendIndex(expr, k, a.items().size()), item == null ? u.location() : item.location(),
                        false));
            }
            return new Value.Seq(items, a.location());
        }
        if (after == null) {
            return new Value.Null(fallback);
        }
        markKnown(owner, after, expr, 0);
        return after;
    }

    /**
     * Remembers known text values whose configuration expression references resources, so that pass 2 can link
     * them ({@code role = aws_iam_role.app.name} planned as {@code "app"}).
     */
    private void markKnown(Instance owner, Value v, Expr expr, int depth) {
        if (depth > 32 || expr instanceof NotConfigured || expr instanceof NoConfig) {
            return;
        }
        if (v instanceof Value.Text && expr instanceof Leaf l && l.expression().get("references") != null) {
            knownSites.put(v, new KnownSite(owner, l.expression()));
        } else if (v instanceof Value.Seq seq) {
            for (int k = 0; k < seq.items().size(); k++) {
                markKnown(owner, seq.items().get(k), descendIndex(expr, k, seq.items().size()), depth + 1);
            }
        } else if (v instanceof Value.Struct st) {
            for (Map.Entry<String, Value> e : st.fields().entrySet()) {
                markKnown(owner, e.getValue(), expr instanceof Leaf ? expr : descend(expr, e.getKey()), depth + 1);
            }
        }
    }

    private Value site(Instance owner, String path, SourceLocation at, Expr expr, Shape shape, boolean topLevel) {
        Value placeholder = new Value.Unknown(UnknownReason.KNOWN_AFTER_APPLY,
                owner.printed + "." + path + " is known after apply", at);
        sites.put(placeholder, new Site(owner, path, at, expr, shape, topLevel));
        if (expr instanceof Leaf l) {
            leafUse.computeIfAbsent(owner, o -> new IdentityHashMap<>()).merge(l.expression(), 1, Integer::sum);
        }
        return placeholder;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Value field(Value v, String key) {
        return v instanceof Value.Struct s ? s.get(key) : null;
    }

    private static Value element(Value v, int k) {
        return v instanceof Value.Seq s && k < s.items().size() ? s.items().get(k) : null;
    }

    /**
     * Terraform 0.15+ marks collections in {@code after_sensitive} ({@code []} for lists and sets, {@code {}} for
     * maps and objects); older plans fall back to AWS provider naming of id lists.
     */
    private static Shape shape(String path, Value sensitive, Value after) {
        if (sensitive instanceof Value.Seq || after instanceof Value.Seq) {
            return Shape.LIST;
        }
        if (sensitive instanceof Value.Struct || after instanceof Value.Struct) {
            return Shape.MAP;
        }
        String name = path.substring(path.lastIndexOf('.') + 1);
        if (name.endsWith("]")) {
            return Shape.SCALAR;
        }
        return name.endsWith("_ids") || name.endsWith("_arns") || name.endsWith("_blocks")
                || name.endsWith("_groups") || name.equals("security_groups") || name.equals("vpc_zone_identifier")
                || name.equals("subnets") || name.equals("instances") || name.equals("load_balancers")
                ? Shape.LIST : Shape.SCALAR;
    }

    /**
     * Whether an unknown value in {@code slot} can be the referenced attributes themselves rather than a document
     * or text computed from them ({@code policy = jsonencode(...)}, {@code user_data = templatefile(...)}): an
     * id, ARN or name in any slot that does not hold documents, or the same attribute ({@code cidr_blocks} from
     * {@code cidr_block}). The plan does not show the expression, so this is decided from the names; anything
     * else stays unknown, naming what it is computed from.
     */
    private static boolean linkable(String path, List<Target> targets) {
        String slot = path.substring(path.lastIndexOf('.') + 1);
        int bracket = slot.indexOf('[');
        if (bracket >= 0) {
            slot = slot.substring(0, bracket);
        }
        boolean documentSlot = slot.contains("policy") || slot.contains("template") || slot.contains("json")
                || slot.contains("document") || slot.contains("definition") || slot.startsWith("user_data")
                || slot.equals("content") || slot.equals("event_pattern") || slot.equals("body")
                || slot.equals("description") || slot.equals("tags") || slot.equals("tags_all")
                || slot.equals("name_prefix") || slot.equals("command") || slot.equals("script");
        boolean policyIdSlot = slot.equals("policy_arn") || slot.equals("policy_id") || slot.equals("policy_arns");
        for (Target t : targets) {
            String attribute = t.attribute() == null ? "id" : t.attribute();
            boolean identifier = attribute.equals("id") || attribute.equals("arn") || attribute.equals("name")
                    || attribute.endsWith("_id") || attribute.endsWith("_arn");
            boolean ok = (identifier && (!documentSlot || policyIdSlot)) || slot.equals(attribute)
                    || slot.equals(attribute + "s") || (slot.contains("cidr") && attribute.contains("cidr"));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private Expr descend(Expr expr, String key) {
        if (expr instanceof Level l) {
            Value e = l.expressions().get(key);
            if (e == null) {
                return new NotConfigured();
            }
            if (e instanceof Value.Seq blocks) {
                return new BlockList(blocks);
            }
            return new Leaf(e, false);
        }
        if (expr instanceof BlockList b) {
            return new Leaf(merged(b.blocks()), true);
        }
        if (expr instanceof Leaf l) {
            return new Leaf(l.expression(), true);
        }
        if (expr instanceof NotConfigured) {
            // the plan has this block but the configuration does not list it: a dynamic block (Terraform leaves
            // those out of the configuration section) or a block the provider computes; nothing is known
            return new NoConfig();
        }
        return expr;
    }

    private Expr descendIndex(Expr expr, int index, int count) {
        if (expr instanceof BlockList b) {
            if (b.blocks().items().size() == count && b.blocks().items().get(index) instanceof Value.Struct s) {
                return new Level(s);
            }
            // dynamic blocks or a count mismatch: the blocks cannot be paired with the plan's items
            return new Leaf(merged(b.blocks()), true);
        }
        if (expr instanceof Level) {
            return new NoConfig();
        }
        if (expr instanceof Leaf l) {
            return new Leaf(l.expression(), true);
        }
        if (expr instanceof NotConfigured) {
            return new NoConfig();
        }
        return expr;
    }

    /** One expression holding every reference of a list of blocks, shared by all its uses. */
    private Value merged(Value.Seq blocks) {
        return mergedBlocks.computeIfAbsent(blocks, b -> {
            List<Value> refs = new ArrayList<>();
            collectReferences(b, refs, 0);
            return new Value.Struct(Map.of("references", new Value.Seq(refs, b.location())), b.location());
        });
    }

    private static void collectReferences(Value v, List<Value> out, int depth) {
        if (depth > 32) {
            return;
        }
        if (v instanceof Value.Struct s) {
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                if (e.getKey().equals("references")) {
                    out.addAll(e.getValue().items());
                } else {
                    collectReferences(e.getValue(), out, depth + 1);
                }
            }
        } else if (v instanceof Value.Seq s) {
            for (Value i : s.items()) {
                collectReferences(i, out, depth + 1);
            }
        }
    }

    // ---- tags_all from provider default_tags ----

    private Value.Struct withTagsAll(Instance i, Value.Struct props, Value.Struct configResource) {
        Value tagsAll = props.get("tags_all");
        if (tagsAll == null || !sites.containsKey(tagsAll) || configResource == null || !i.type.startsWith("aws_")) {
            return props;
        }
        Value.Struct defaults = config.defaultTags(text(configResource.get("provider_config_key")));
        if (defaults == null) {
            return props;
        }
        Value tags = props.get("tags");
        Map<String, Value> merged = new LinkedHashMap<>(defaults.fields());
        if (tags instanceof Value.Struct t) {
            for (Map.Entry<String, Value> e : t.fields().entrySet()) {
                if (sites.containsKey(e.getValue()) || !(e.getValue() instanceof Value.Text)) {
                    return props;
                }
                merged.put(e.getKey(), e.getValue());
            }
        } else if (tags != null && !(tags instanceof Value.Null)) {
            return props;
        }
        Map<String, Value> fields = new LinkedHashMap<>(props.fields());
        fields.put("tags_all", new Value.Struct(merged, tagsAll.location()));
        sites.remove(tagsAll);
        return new Value.Struct(fields, props.location());
    }

    // ---- pass 2: replace unknown sites ----

    private Value substitute(Value v) {
        Site s = sites.get(v);
        if (s != null) {
            return resolveSite(s);
        }
        KnownSite known = knownSites.get(v);
        if (known != null) {
            return linkKnown(known, (Value.Text) v);
        }
        if (v instanceof Value.Struct st) {
            Map<String, Value> fields = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, Value> e : st.fields().entrySet()) {
                Value n = substitute(e.getValue());
                changed |= n != e.getValue();
                fields.put(e.getKey(), n);
            }
            return changed ? new Value.Struct(fields, st.location()) : st;
        }
        if (v instanceof Value.Seq sq) {
            List<Value> items = new ArrayList<>();
            boolean changed = false;
            for (Value i : sq.items()) {
                Value n = substitute(i);
                changed |= n != i;
                items.add(n);
            }
            return changed ? new Value.Seq(items, sq.location()) : sq;
        }
        return v;
    }

    /**
     * A known text is the referenced attribute when exactly one referenced resource has that value there; it then
     * becomes a reference whose resolved value is the text itself, so rules can follow it (a role by name, a VPC
     * CIDR) and still read the text.
     */
    private Value linkKnown(KnownSite k, Value.Text text) {
        budget = RESOLUTION_BUDGET;
        List<Target> targets = resolveExpression(k.expression(), scopeOf(k.owner()), k.owner().key(),
                k.owner().forEach, 0);
        Target match = null;
        for (Target t : targets) {
            // Terraform 0.12 lists references without the attribute: try the usual ones
            for (String attribute : t.attribute() == null ? List.of("id", "arn", "name") : List.of(t.attribute())) {
                Value there = t.instance().properties == null ? null : t.instance().properties.get(attribute);
                if (there instanceof Value.Text tt && tt.value().equals(text.value())) {
                    if (match != null && match.instance() != t.instance()) {
                        return text;
                    }
                    match = new Target(t.instance(), attribute);
                    break;
                }
            }
        }
        if (match == null || match.instance() == k.owner()) {
            return text;
        }
        return new Value.Reference(new ResourceKey(file, match.instance().printed), match.attribute(), text,
                text.location());
    }

    private Value resolveSite(Site s) {
        String where = s.owner().printed + "." + s.path();
        // a data source's attributes come from the object it reads, never from a provider default
        if (s.expr() instanceof NotConfigured && !s.owner().data && !(s.topLevel() && (s.path().equals("id")
                || s.path().equals("arn") || s.path().equals("tags_all")))) {
            return new Value.Unknown(UnknownReason.NOT_CONFIGURED, where + " is not set in the configuration",
                    s.location());
        }
        if (!(s.expr() instanceof Leaf leaf)) {
            return unknown(where + " is known after apply", s.location());
        }
        budget = RESOLUTION_BUDGET;
        List<Target> targets = resolveExpression(leaf.expression(), scopeOf(s.owner()), s.owner().key(),
                s.owner().forEach, 0);
        // Terraform forbids a resource referencing itself; a plan that says so is not believed. Terraform 0.12
        // lists references without the attribute: take the one the slot's name asks for
        String slotAttribute = attributeFor(s.path());
        targets = targets.stream().filter(t -> t.instance() != s.owner())
                .map(t -> t.attribute() != null ? t : new Target(t.instance(), slotAttribute)).toList();
        if (targets.isEmpty()) {
            return unknown(where + " is known after apply", s.location());
        }
        List<Target> candidates = targets;
        if (leaf.wide()) {
            // the expression covers more than this value: keep the references that fit here (the group of an
            // ingress block, not the VPC CIDR another block of the same attribute uses)
            candidates = targets.stream().filter(t -> linkable(s.path(), List.of(t))).toList();
        }
        if (s.shape() == Shape.MAP || candidates.isEmpty() || !linkable(s.path(), candidates)) {
            return unknown(where + " is known after apply; it is computed from " + attributes(targets), s.location());
        }
        targets = candidates;
        if (targets.size() > 1 && leafUse.get(s.owner()).getOrDefault(leaf.expression(), 1) > 1) {
            return unknown(where + " is known after apply; its expression refers to " + names(targets)
                    + " and the plan does not say which part uses which", s.location());
        }
        if (s.shape() == Shape.LIST) {
            List<Value> refs = new ArrayList<>();
            for (Target t : targets) {
                refs.add(reference(t, s.location()));
            }
            return new Value.Seq(refs, s.location());
        }
        if (targets.size() == 1) {
            Value.Reference r = reference(targets.get(0), s.location());
            if (r.resolved() instanceof Value.Unknown) {
                return r;
            }
            // the target's value is known and still this one is not: the expression is more than the reference
            return unknown(where + " is known after apply; it is computed from " + attributes(targets), s.location());
        }
        return unknown(where + " is known after apply; it is one of " + names(targets), s.location());
    }

    /** {@code role_arn} wants an ARN, {@code bucket_name} a name, anything else an id. */
    private static String attributeFor(String path) {
        String slot = path.substring(path.lastIndexOf('.') + 1);
        int bracket = slot.indexOf('[');
        if (bracket >= 0) {
            slot = slot.substring(0, bracket);
        }
        if (slot.equals("arn") || slot.endsWith("_arn") || slot.endsWith("_arns")) {
            return "arn";
        }
        if (slot.equals("name") || slot.endsWith("_name") || slot.endsWith("_names")) {
            return "name";
        }
        return "id";
    }

    private static Value unknown(String detail, SourceLocation at) {
        return new Value.Unknown(UnknownReason.KNOWN_AFTER_APPLY, detail, at);
    }

    private static String names(List<Target> targets) {
        List<String> n = new ArrayList<>();
        for (Target t : targets) {
            n.add(t.instance().printed);
        }
        return String.join(", ", n);
    }

    private static String attributes(List<Target> targets) {
        List<String> n = new ArrayList<>();
        for (Target t : targets) {
            n.add(t.instance().printed + "." + (t.attribute() == null ? "id" : t.attribute()));
        }
        return String.join(", ", n);
    }

    private Value.Reference reference(Target t, SourceLocation at) {
        String attribute = t.attribute() == null ? "id" : t.attribute();
        Value known = t.instance().properties == null ? null : t.instance().properties.get(attribute);
        Value resolved;
        if (known == null || known instanceof Value.Null || sites.containsKey(known) || containsSite(known, 0)) {
            resolved = unknown(t.instance().printed + "." + attribute + " is known after apply", at);
        } else {
            resolved = known;
        }
        return new Value.Reference(new ResourceKey(file, t.instance().printed), attribute, resolved, at);
    }

    private boolean containsSite(Value v, int depth) {
        if (sites.containsKey(v)) {
            return true;
        }
        if (depth > 16) {
            return false;
        }
        if (v instanceof Value.Struct s) {
            for (Value f : s.fields().values()) {
                if (containsSite(f, depth + 1)) {
                    return true;
                }
            }
        } else if (v instanceof Value.Seq s) {
            for (Value f : s.items()) {
                if (containsSite(f, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- configuration references ----

    private Scope scopeOf(Instance i) {
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
        boolean usesIndex = refs.stream().anyMatch(r -> r.equals("count.index") || r.startsWith("each."));
        List<Target> out = new ArrayList<>();
        Set<Instance> seen = Collections.newSetFromMap(new IdentityHashMap<>());
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
            case "count", "self", "path", "terraform", "local":
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
            for (Instance i : byLocalNameAndKey.getOrDefault(configName + "|" + wanted, List.of())) {
                if (sameModuleInstance(scope.steps(), i.address.modules())) {
                    out.add(new Target(i, attribute));
                }
            }
            if (key != null || !out.isEmpty()) {
                return out;
            }
        }
        List<Instance> candidates = byLocalName.getOrDefault(configName, List.of());
        List<Target> out = new ArrayList<>();
        for (Instance i : candidates) {
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
