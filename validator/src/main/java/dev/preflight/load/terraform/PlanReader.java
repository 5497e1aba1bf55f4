package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.load.terraform.ConfigExpression.Leaf;
import dev.preflight.load.terraform.ConfigExpression.NotConfigured;
import dev.preflight.load.terraform.ReferenceResolver.Target;
import dev.preflight.load.terraform.UnknownMarker.KnownSite;
import dev.preflight.load.terraform.UnknownMarker.Shape;
import dev.preflight.load.terraform.UnknownMarker.Site;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.UnknownOrigin.KnownAfterApply.Relation;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one plan document: the instances ({@link PlanInstances}), their planned values with a placeholder for
 * every unknown ({@link UnknownMarker}, pass 1), then each placeholder replaced (pass 2, here) using the
 * references of its configuration expression ({@link ReferenceResolver}). Semantics of pass 2:
 * <ul>
 * <li>An attribute marked in {@code after_unknown} becomes unknown. When the resource's configuration expression
 * references resources of the plan it becomes a {@link Value.Reference} to each (a {@link Value.Seq} of them for
 * list and set attributes) whose resolved value is the target attribute when the plan knows it, else "known after
 * apply". When the configuration has no expression for it, it is {@link Value.Absent} (the
 * provider default applies), except {@code id}, {@code arn}, {@code tags_all} and every attribute of a data source
 * (read from the real object during apply). Limitation: a whole attribute written only by a {@code dynamic} block
 * whose {@code for_each} is itself unknown looks exactly like an unset computed attribute in the plan, and is read
 * as not configured.</li>
 * <li>A reference without a literal key to a {@code count}/{@code for_each} resource with several instances, for
 * a single value: an unknown naming the candidates (see {@link ReferenceResolver} for how instances are
 * chosen).</li>
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
 * </ul>
 */
final class PlanReader {
    private final String file;
    private final Value.Struct root;
    private final PlanConfiguration config;
    private final ConfigurationFiles files;
    private UnknownMarker marker;
    private ReferenceResolver resolver;

    /** @param files the {@code .tf} files the plan was made from (for locals), or null */
    PlanReader(String file, Value root, ConfigurationFiles files) throws InputException {
        this.file = file;
        this.files = files;
        if (!(root instanceof Value.Struct s)) {
            throw new InputException(file, root.location().line(), root.location().column(),
                    "not a Terraform plan: the document is not a JSON object");
        }
        this.root = s;
        if (s.get("planned_values") == null && s.get("resource_changes") == null && s.get("prior_state") == null) {
            throw new InputException(file, 1, 1, "not a Terraform plan: no planned_values or resource_changes "
                    + "(write it with terraform show -json PLANFILE)");
        }
        PlanShape.check(file, s);
        this.config = PlanConfiguration.read(s.get("configuration"), s.get("variables"));
    }

    List<Resource> read() throws InputException {
        PlanInstances instances = PlanInstances.read(root);
        marker = new UnknownMarker(config);
        resolver = new ReferenceResolver(config, instances, files);
        for (PlanInstance i : instances.all()) {
            marker.buildProperties(i);
        }
        List<Resource> out = new ArrayList<>();
        for (PlanInstance i : instances.all()) {
            Value.Struct props = (Value.Struct) substitute(i.properties);
            out.add(new Resource(new ResourceKey(file, i.printed), i.type, Dialect.TERRAFORM, props, i.location,
                    null, null, null, i.data));
        }
        return out;
    }

    private Value substitute(Value v) {
        Site s = marker.site(v);
        if (s != null) {
            return resolveSite(s);
        }
        KnownSite known = marker.knownSite(v);
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
        List<Target> targets = resolver.targets(k.expression(), k.owner());
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
        // a data source's attributes come from the object it reads, never from a provider default
        if (s.expr() instanceof NotConfigured && !s.owner().data && !(s.topLevel() && (s.path().equals("id")
                || s.path().equals("arn") || s.path().equals("tags_all")))) {
            return new Value.Absent(s.location()); // not set in the configuration: the provider default applies
        }
        if (!(s.expr() instanceof Leaf leaf)) {
            return unknown(s, Relation.NONE, List.of());
        }
        List<Target> targets = resolver.targets(leaf.expression(), s.owner());
        // Terraform forbids a resource referencing itself; a plan that says so is not believed. Terraform 0.12
        // lists references without the attribute: take the one the slot's name asks for
        String slotAttribute = attributeFor(s.path());
        targets = targets.stream().filter(t -> t.instance() != s.owner())
                .map(t -> t.attribute() != null ? t : new Target(t.instance(), slotAttribute)).toList();
        if (targets.isEmpty()) {
            return unknown(s, Relation.NONE, List.of());
        }
        List<Target> candidates = targets;
        if (leaf.wide()) {
            // the expression covers more than this value: keep the references that fit here (the group of an
            // ingress block, not the VPC CIDR another block of the same attribute uses)
            candidates = targets.stream().filter(t -> linkable(s.path(), List.of(t))).toList();
        }
        if (s.shape() == Shape.MAP || candidates.isEmpty() || !linkable(s.path(), candidates)) {
            return unknown(s, Relation.COMPUTED_FROM, targets);
        }
        targets = candidates;
        if (targets.size() > 1 && marker.uses(s.owner(), leaf.expression()) > 1) {
            return unknown(s, Relation.AMBIGUOUS, targets);
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
            return unknown(s, Relation.COMPUTED_FROM, targets);
        }
        return unknown(s, Relation.ONE_OF, targets);
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

    private static Value unknown(Site s, Relation relation, List<Target> targets) {
        List<UnknownOrigin.Address> from = new ArrayList<>();
        for (Target t : targets) {
            from.add(new UnknownOrigin.Address(t.instance().printed, t.attribute() == null ? "id" : t.attribute()));
        }
        return new Value.Unknown(new UnknownOrigin.KnownAfterApply(s.owner().printed, s.path(), relation, from),
                s.location());
    }

    private Value.Reference reference(Target t, SourceLocation at) {
        String attribute = t.attribute() == null ? "id" : t.attribute();
        Value known = t.instance().properties == null ? null : t.instance().properties.get(attribute);
        Value resolved;
        if (known == null || known instanceof Value.Absent || marker.isSite(known) || containsSite(known, 0)) {
            resolved = new Value.Unknown(new UnknownOrigin.KnownAfterApply(t.instance().printed, attribute), at);
        } else {
            resolved = known;
        }
        return new Value.Reference(new ResourceKey(file, t.instance().printed), attribute, resolved, at);
    }

    private boolean containsSite(Value v, int depth) {
        if (marker.isSite(v)) {
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

}
