package dev.preflight.infra.workload;

import dev.preflight.infra.LaunchTag;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@link LaunchData} from instances, launch templates, launch configurations, Auto Scaling groups and node
 * groups of both dialects, and records which resource each value was read from.
 */
public final class LaunchDataReader {
    private final ResourceGraph graph;
    private final Map<Value, Resource> origins;

    /** @param origins identity map filled with value -> resource it was read from */
    public LaunchDataReader(ResourceGraph graph, Map<Value, Resource> origins) {
        this.graph = graph;
        this.origins = origins;
    }

    public Map<Value, Resource> origins() {
        return origins;
    }

    public LaunchData instance(Resource r) {
        if (r.dialect() == Dialect.CLOUDFORMATION) {
            Value nis = r.property("NetworkInterfaces");
            return new LaunchData(r,
                    concat(r, list(r.property("SecurityGroupIds")), list(r.property("SecurityGroups")),
                            fromEach(nis, "GroupSet")),
                    concat(r, list(r.property("SubnetId")), fromEach(nis, "SubnetId")),
                    keyValueTags(r.property("Tags"), r, LaunchTag.Source.INSTANCE_TAGS, "Key", "Value"),
                    read(r, r.property("MetadataOptions", "HttpEndpoint")),
                    read(r, r.property("MetadataOptions", "InstanceMetadataTags")),
                    read(r, r.property("IamInstanceProfile")), read(r, r.property("ImageId")),
                    read(r, r.property("InstanceType")));
        }
        Value md = first(r.property("metadata_options"));
        List<Value> groups = list(r.property("vpc_security_group_ids"));
        List<Value> subnets = list(r.property("subnet_id"));
        // Instances attached to aws_network_interface resources take groups and subnet from the interface.
        for (Value ni : items(r.property("network_interface"))) {
            Resource eni = graph.target(ni.at("network_interface_id")).orElse(null);
            if (eni != null && eni.type().equals("aws_network_interface")) {
                groups = concat(eni, groups, list(eni.property("security_groups")));
                subnets = concat(eni, subnets, list(eni.property("subnet_id")));
            }
        }
        return new LaunchData(r, concat(r, groups, list(r.property("security_groups"))), concat(r, subnets),
                terraformTags(r), read(r, md.at("http_endpoint")), read(r, md.at("instance_metadata_tags")),
                read(r, r.property("iam_instance_profile")), read(r, r.property("ami")),
                read(r, r.property("instance_type")));
    }

    public LaunchData launchTemplate(Resource t) {
        if (t.dialect() == Dialect.CLOUDFORMATION) {
            Value d = t.property("LaunchTemplateData");
            Value nis = d.at("NetworkInterfaces");
            List<LaunchTag> tags = new ArrayList<>();
            for (Value spec : items(d.at("TagSpecifications"))) {
                if (isInstanceSpec(spec.at("ResourceType"))) {
                    tags.addAll(keyValueTags(spec.at("Tags"), t, LaunchTag.Source.LAUNCH_TEMPLATE_TAG_SPECIFICATION,
                            "Key", "Value"));
                }
            }
            Value profile = d.at("IamInstanceProfile");
            Value profileValue = present(profile.at("Arn")) ? profile.at("Arn") : profile.at("Name");
            return new LaunchData(t,
                    concat(t, list(d.at("SecurityGroupIds")), list(d.at("SecurityGroups")),
                            fromEach(nis, "Groups")),
                    concat(t, fromEach(nis, "SubnetId")), tags,
                    read(t, d.at("MetadataOptions", "HttpEndpoint")),
                    read(t, d.at("MetadataOptions", "InstanceMetadataTags")),
                    read(t, profileValue), read(t, d.at("ImageId")), read(t, d.at("InstanceType")));
        }
        Value nis = t.property("network_interfaces");
        List<LaunchTag> tags = new ArrayList<>();
        for (Value spec : items(t.property("tag_specifications"))) {
            if (isInstanceSpec(spec.at("resource_type"))) {
                tags.addAll(mapTags(spec.at("tags"), t, LaunchTag.Source.LAUNCH_TEMPLATE_TAG_SPECIFICATION, null));
            }
        }
        Value md = first(t.property("metadata_options"));
        Value profile = first(t.property("iam_instance_profile"));
        Value profileValue = present(profile.at("arn")) ? profile.at("arn") : profile.at("name");
        return new LaunchData(t,
                concat(t, list(t.property("vpc_security_group_ids")), list(t.property("security_group_names")),
                        fromEach(nis, "security_groups")),
                concat(t, fromEach(nis, "subnet_id")), tags,
                read(t, md.at("http_endpoint")), read(t, md.at("instance_metadata_tags")),
                read(t, profileValue), read(t, t.property("image_id")), read(t, t.property("instance_type")));
    }

    /** Launch configurations carry no tags, and have no instance metadata tags option (so: disabled). */
    public LaunchData launchConfiguration(Resource c) {
        if (c.dialect() == Dialect.CLOUDFORMATION) {
            return new LaunchData(c, concat(c, list(c.property("SecurityGroups"))), null, List.of(),
                    read(c, c.property("MetadataOptions", "HttpEndpoint")), null,
                    read(c, c.property("IamInstanceProfile")), read(c, c.property("ImageId")),
                    read(c, c.property("InstanceType")));
        }
        Value md = first(c.property("metadata_options"));
        return new LaunchData(c, concat(c, list(c.property("security_groups"))), null, List.of(),
                read(c, md.at("http_endpoint")), null, read(c, c.property("iam_instance_profile")),
                read(c, c.property("image_id")), read(c, c.property("instance_type")));
    }

    /** An Auto Scaling group's own contribution: its subnets and its tags that propagate at launch. */
    public LaunchData group(Resource g) {
        if (g.dialect() == Dialect.CLOUDFORMATION) {
            return new LaunchData(g, null, concat(g, list(g.property("VPCZoneIdentifier"))),
                    propagatedTags(g.property("Tags"), g, "Key", "Value", "PropagateAtLaunch"),
                    null, null, null, null, null);
        }
        List<LaunchTag> tags = new ArrayList<>(propagatedTags(g.property("tag"), g, "key", "value",
                "propagate_at_launch"));
        tags.addAll(propagatedTags(g.property("tags"), g, "key", "value", "propagate_at_launch"));
        return new LaunchData(g, null, concat(g, list(g.property("vpc_zone_identifier"))), tags,
                null, null, null, null, null);
    }

    /** A node group's own contribution: subnets and instance types (its tags do not reach the instances). */
    public LaunchData nodeGroup(Resource n) {
        boolean cfn = n.dialect() == Dialect.CLOUDFORMATION;
        Value types = n.property(cfn ? "InstanceTypes" : "instance_types");
        return new LaunchData(n, null, concat(n, list(n.property(cfn ? "Subnets" : "subnet_ids"))), List.of(),
                null, null, null, null, read(n, types));
    }

    /**
     * A launch template or configuration that the inputs do not define (or whose designator is unknown): every
     * value it would supply is unknown, naming it.
     */
    public LaunchData outside(Value designator, String what, Resource user) {
        UnknownOrigin origin;
        if (designator instanceof Value.Unknown u) {
            origin = new UnknownOrigin.Derived("the " + what + " of " + user.id() + " is not known (" + u.describe()
                    + ")", u.origin());
        } else if (designator instanceof Value.Conditional c) {
            origin = new UnknownOrigin.NotEvaluated("condition " + c.condition(),
                    "the " + what + " of " + user.id() + " depends on condition " + c.condition());
        } else {
            origin = new UnknownOrigin.OutsideInputs(designator.display(),
                    what + " " + designator.display() + " used by " + user.id() + " is not defined in the inputs");
        }
        SourceLocation loc = designator.location() != null ? designator.location() : user.location();
        Value unknown = new Value.Unknown(origin, loc);
        origins.put(unknown, user);
        if (what.equals("launch configuration")) {
            // Launch configurations carry no tags and cannot enable instance metadata tags.
            return new LaunchData(null, List.of(unknown), null, List.of(), unknown, null, unknown, unknown, unknown);
        }
        List<LaunchTag> tags = List.of(new LaunchTag(null, unknown, user, loc,
                LaunchTag.Source.LAUNCH_TEMPLATE_TAG_SPECIFICATION));
        return new LaunchData(null, List.of(unknown), List.of(unknown), tags, unknown, unknown, unknown, unknown,
                unknown);
    }

    // ---- tags ----

    /** CloudFormation {@code [{Key, Value}]} lists, with conditional lists and items. */
    private List<LaunchTag> keyValueTags(Value v, Resource carrier, LaunchTag.Source source, String keyField,
                                         String valueField) {
        v = unwrap(v);
        if (!present(v)) {
            return List.of();
        }
        if (v instanceof Value.Conditional c) {
            return merge(c, keyValueTags(c.whenTrue(), carrier, source, keyField, valueField),
                    keyValueTags(c.whenFalse(), carrier, source, keyField, valueField));
        }
        if (v instanceof Value.Struct s && !s.fields().containsKey(keyField)) {
            return mapTags(v, carrier, source, null); // a map of tags (some resource types, Terraform)
        }
        if (!(v instanceof Value.Seq) && !(v instanceof Value.Struct)) {
            return List.of(unknownTags(v, carrier, source));
        }
        List<LaunchTag> out = new ArrayList<>();
        List<Value> list = v instanceof Value.Seq s ? s.items() : List.of(v);
        for (Value item : list) {
            if (item instanceof Value.Conditional c) {
                out.addAll(merge(c, keyValueTags(c.whenTrue(), carrier, source, keyField, valueField),
                        keyValueTags(c.whenFalse(), carrier, source, keyField, valueField)));
            } else if (item instanceof Value.Struct) {
                out.add(tag(item.at(keyField), item.at(valueField), item, carrier, source));
            } else if (present(item)) {
                out.add(unknownTags(item, carrier, source));
            }
        }
        return out;
    }

    /** Auto Scaling group tags: only those with PropagateAtLaunch true reach the instances. */
    private List<LaunchTag> propagatedTags(Value v, Resource carrier, String keyField, String valueField,
                                           String propagateField) {
        v = unwrap(v);
        if (!present(v)) {
            return List.of();
        }
        if (v instanceof Value.Conditional c) {
            return merge(c, propagatedTags(c.whenTrue(), carrier, keyField, valueField, propagateField),
                    propagatedTags(c.whenFalse(), carrier, keyField, valueField, propagateField));
        }
        LaunchTag.Source source = LaunchTag.Source.AUTO_SCALING_GROUP_PROPAGATED;
        if (!(v instanceof Value.Seq s)) {
            return List.of(unknownTags(v, carrier, source));
        }
        List<LaunchTag> out = new ArrayList<>();
        for (Value item : s.items()) {
            if (item instanceof Value.Conditional c) {
                out.addAll(merge(c, propagatedTags(seqOf(c.whenTrue()), carrier, keyField, valueField, propagateField),
                        propagatedTags(seqOf(c.whenFalse()), carrier, keyField, valueField, propagateField)));
                continue;
            }
            if (!(item instanceof Value.Struct)) {
                if (present(item)) {
                    out.add(unknownTags(item, carrier, source));
                }
                continue;
            }
            Value propagate = item.at(propagateField);
            Value value = item.at(valueField);
            if (propagate instanceof Value.Conditional pc) {
                value = new Value.Conditional(pc.condition(), propagating(pc.whenTrue(), value, item),
                        propagating(pc.whenFalse(), value, item), pc.location());
            } else {
                value = propagating(propagate, value, item);
            }
            if (value instanceof Value.Absent) {
                continue; // stays on the group
            }
            out.add(tag(item.at(keyField), value, item, carrier, source));
        }
        return out;
    }

    /** The tag value as the instance sees it given PropagateAtLaunch: the value, absent, or unknown. */
    private static Value propagating(Value propagate, Value value, Value item) {
        if (propagate.isAbsent()) {
            // Required in CloudFormation and in Terraform tag blocks; the legacy Terraform list defaults to false.
            return new Value.Absent(item.location());
        }
        var b = propagate.bool();
        if (b.isPresent()) {
            return b.get() ? value : new Value.Absent(item.location());
        }
        if (propagate instanceof Value.Unknown u) {
            return new Value.Unknown(new UnknownOrigin.Derived("whether the tag propagates at launch: "
                    + u.describe(), u.origin()), propagate.location());
        }
        return new Value.Unknown(new UnknownOrigin.NotEvaluated("PropagateAtLaunch",
                "whether the tag propagates at launch: PropagateAtLaunch is " + propagate.display()),
                propagate.location());
    }

    /** Terraform {@code tags_all} (the provider's default_tags included), else {@code tags}. */
    private List<LaunchTag> terraformTags(Resource r) {
        Value all = r.property("tags_all");
        Value own = r.property("tags");
        if (all instanceof Value.Struct) {
            return mapTags(all, r, LaunchTag.Source.INSTANCE_TAGS, own instanceof Value.Struct s ? s : null);
        }
        return mapTags(own, r, LaunchTag.Source.INSTANCE_TAGS, null);
    }

    /**
     * A map of tags. With {@code own} given, keys of {@code v} not in {@code own} come from the provider's
     * default_tags.
     */
    private List<LaunchTag> mapTags(Value v, Resource carrier, LaunchTag.Source source, Value.Struct own) {
        v = unwrap(v);
        if (!present(v)) {
            return List.of();
        }
        if (v instanceof Value.Conditional c) {
            return merge(c, mapTags(c.whenTrue(), carrier, source, own), mapTags(c.whenFalse(), carrier, source, own));
        }
        if (!(v instanceof Value.Struct s)) {
            return List.of(unknownTags(v, carrier, source));
        }
        List<LaunchTag> out = new ArrayList<>();
        for (Map.Entry<String, Value> e : s.fields().entrySet()) {
            LaunchTag.Source src = own != null && !own.fields().containsKey(e.getKey())
                    ? LaunchTag.Source.PROVIDER_DEFAULT_TAGS : source;
            Value value = e.getValue();
            if (own != null && own.fields().containsKey(e.getKey())) {
                value = own.fields().get(e.getKey()); // same value, but written where the engineer wrote it
            }
            origins.put(value, carrier);
            out.add(new LaunchTag(e.getKey(), value, carrier, locationOf(value, s.location()), src));
        }
        return out;
    }

    private LaunchTag tag(Value key, Value value, Value item, Resource carrier, LaunchTag.Source source) {
        String k = key.text().orElse(null);
        if (key instanceof Value.Template t && !couldBeGuardDutyKey(t)) {
            // kubernetes.io/cluster/${Cluster}: partly unknown, but certainly not a GuardDuty tag
            k = t.pattern("*");
        }
        Value v;
        if (!key.isAbsent() && k == null) {
            v = key instanceof Value.Unknown u ? u
                    : new Value.Unknown(new UnknownOrigin.NotEvaluated("tag key", "tag key " + key.display()),
                    key.location());
        } else {
            v = value;
        }
        origins.put(v, carrier);
        return new LaunchTag(k, v, carrier, item.location(), source);
    }

    private LaunchTag unknownTags(Value v, Resource carrier, LaunchTag.Source source) {
        Value u;
        if (v instanceof Value.Unknown) {
            u = v;
        } else if (v instanceof Value.Reference r && r.resolved() instanceof Value.Unknown ru) {
            u = new Value.Unknown(new UnknownOrigin.Derived("tags of " + carrier.id() + " come from "
                    + r.target().id() + (r.attribute() == null ? "" : "." + r.attribute()) + ", " + ru.describe(),
                    ru.origin()), v.location());
        } else {
            u = new Value.Unknown(new UnknownOrigin.NotEvaluated("tags", "tags of " + carrier.id() + " are "
                    + v.display()), v.location());
        }
        origins.put(u, carrier);
        return new LaunchTag(null, u, carrier, v.location(), source);
    }

    /** Whether a partly known key could be one of the GuardDuty tag keys, ignoring case and surrounding spaces. */
    private static boolean couldBeGuardDutyKey(Value.Template t) {
        StringBuilder regex = new StringBuilder("\\s*");
        for (Value p : t.parts()) {
            regex.append(p instanceof Value.Text x ? Pattern.quote(x.value()) : ".*");
        }
        regex.append("\\s*");
        Pattern pattern = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        return pattern.matcher("GuardDutyManaged").matches() || pattern.matcher("GuardDutyExclusionReason").matches();
    }

    /** Tags of two branches of a condition: each tag's value becomes conditional (absent in the other branch). */
    private List<LaunchTag> merge(Value.Conditional c, List<LaunchTag> whenTrue, List<LaunchTag> whenFalse) {
        Map<String, LaunchTag[]> byKey = new LinkedHashMap<>();
        List<LaunchTag> unknownKeys = new ArrayList<>();
        for (LaunchTag t : whenTrue) {
            if (t.key() == null) {
                unknownKeys.add(t);
            } else {
                byKey.computeIfAbsent(t.key(), k -> new LaunchTag[2])[0] = t;
            }
        }
        for (LaunchTag t : whenFalse) {
            if (t.key() == null) {
                unknownKeys.add(t);
            } else {
                byKey.computeIfAbsent(t.key(), k -> new LaunchTag[2])[1] = t;
            }
        }
        List<LaunchTag> out = new ArrayList<>();
        Value absent = new Value.Absent(c.location());
        for (LaunchTag[] pair : byKey.values()) {
            LaunchTag any = pair[0] != null ? pair[0] : pair[1];
            Value v = new Value.Conditional(c.condition(), pair[0] == null ? absent : pair[0].value(),
                    pair[1] == null ? absent : pair[1].value(), c.location());
            origins.put(v, any.carrier());
            out.add(new LaunchTag(any.key(), v, any.carrier(), any.location(), any.source()));
        }
        out.addAll(unknownKeys);
        return out;
    }

    /** A reference whose value the plan knows (a tags map from a module variable) is read as that value. */
    private static Value unwrap(Value v) {
        while (v instanceof Value.Reference r && (r.resolved() instanceof Value.Struct || r.resolved() instanceof Value.Seq)) {
            v = r.resolved();
        }
        return v;
    }

    private static Value seqOf(Value v) {
        return v instanceof Value.Seq || !present(v) ? v : new Value.Seq(List.of(v), v.location());
    }

    private static boolean isInstanceSpec(Value resourceType) {
        // Only instance tag specifications reach the instance; volume, network-interface, spot requests do not.
        return resourceType.text().map("instance"::equals).orElse(false);
    }

    // ---- values ----

    private Value read(Resource r, Value v) {
        if (!present(v)) {
            return null;
        }
        origins.put(v, r);
        return v;
    }

    /**
     * A list property: its items; a comma-separated text (a resolved {@code CommaDelimitedList} parameter) split;
     * any other value (unknown list parameter, conditional, reference) as the single element. Null when absent.
     */
    static List<Value> list(Value v) {
        if (!present(v)) {
            return null;
        }
        if (v instanceof Value.Seq s) {
            List<Value> out = new ArrayList<>();
            for (Value item : s.items()) {
                if (present(item)) {
                    out.add(item);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (v instanceof Value.Reference ref && ref.resolved() instanceof Value.Seq) {
            return list(ref.resolved());
        }
        if (v instanceof Value.Text t && t.value().contains(",")) {
            List<Value> out = new ArrayList<>();
            for (String part : t.value().split(",")) {
                if (!part.isBlank()) {
                    out.add(new Value.Text(part.trim(), t.location()));
                }
            }
            return out;
        }
        if (v instanceof Value.Text t && t.value().isBlank()) {
            return null;
        }
        return List.of(v);
    }

    /** For each item of a list of objects, the list in {@code field} (network interfaces' groups, subnets). */
    private static List<Value> fromEach(Value objects, String field) {
        List<Value> out = null;
        for (Value o : items(objects)) {
            List<Value> l = list(o.at(field));
            if (l != null) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.addAll(l);
            }
        }
        return out;
    }

    @SafeVarargs
    private List<Value> concat(Resource r, List<Value>... lists) {
        List<Value> out = null;
        for (List<Value> l : lists) {
            if (l != null) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                for (Value v : l) {
                    origins.putIfAbsent(v, r);
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static List<Value> items(Value v) {
        if (!present(v)) {
            return List.of();
        }
        return v.items();
    }

    /** The first block of a Terraform block list (or the value itself); {@link Value.Absent} when there is none. */
    private static Value first(Value v) {
        if (!present(v)) {
            return v;
        }
        if (v instanceof Value.Seq s) {
            return s.items().isEmpty() ? new Value.Absent(s.location()) : s.items().get(0);
        }
        return v;
    }

    private static SourceLocation locationOf(Value v, SourceLocation fallback) {
        return v != null && v.location() != null ? v.location() : fallback;
    }

    private static boolean present(Value v) {
        return !v.isAbsent();
    }
}
