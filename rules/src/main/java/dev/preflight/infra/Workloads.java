package dev.preflight.infra;

import dev.preflight.infra.workload.LaunchData;
import dev.preflight.infra.workload.LaunchDataReader;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;

/**
 * Every workload (monitored compute) of the run, in both dialects, built once per run:
 * {@code ctx.view(Workloads.class, Workloads::build)}.
 *
 * <p>Workloads are: {@code AWS::EC2::Instance} / {@code aws_instance}; {@code AWS::AutoScaling::AutoScalingGroup} /
 * {@code aws_autoscaling_group} with its launch template ({@code LaunchTemplate}, {@code MixedInstancesPolicy}) or
 * launch configuration; {@code AWS::EKS::Nodegroup} / {@code aws_eks_node_group}. Launch templates and launch
 * configurations are never workloads themselves: the instance, group or node group that uses one is, with the
 * template's data merged under its own properties (instance properties override the template's; an Auto Scaling
 * group's propagated tags override the template's instance tags). An unused launch template creates nothing.
 *
 * <p>Tags that reach the instance at launch: instance {@code Tags} (Terraform {@code tags_all}, which includes the
 * provider's {@code default_tags}, else {@code tags}); launch template {@code TagSpecifications} /
 * {@code tag_specifications} with resource type {@code instance} only (tags on the launch template resource itself
 * do not reach instances); Auto Scaling group tags with {@code PropagateAtLaunch} / {@code propagate_at_launch}
 * true (also the string "true"), Terraform {@code tag} blocks and the legacy {@code tags} list. When an Auto
 * Scaling group and its launch template set the same key, the group's value wins: UNCONFIRMED in this project's
 * sources (recalled from the EC2 Auto Scaling tagging guide); likewise an instance's own {@code Tags} over its
 * launch template's. EKS node group {@code Tags}/{@code tags} do not reach the instances and are ignored.
 */
public final class Workloads {
    private final List<Workload> all;
    private final Map<ResourceKey, Workload> byKey;
    private final Set<ResourceKey> launchTemplatesInUse;
    private final Map<Value, Resource> origins;

    private Workloads(List<Workload> all, Set<ResourceKey> inUse, Map<Value, Resource> origins) {
        this.all = List.copyOf(all);
        Map<ResourceKey, Workload> m = new LinkedHashMap<>();
        for (Workload w : all) {
            m.put(w.resource().key(), w);
        }
        this.byKey = Collections.unmodifiableMap(m);
        this.launchTemplatesInUse = Set.copyOf(inUse);
        this.origins = origins;
    }

    public static Workloads build(RuleContext ctx) {
        return of(ctx.graph());
    }

    /** The view of a graph, for analyses that have no rule context (tests, the coverage predictor). */
    public static Workloads of(ResourceGraph graph) {
        return new Builder(graph).build();
    }

    /** All workloads in input order. */
    public List<Workload> all() {
        return all;
    }

    /** The workload whose subject (instance, group or node group) has this key. */
    public Optional<Workload> get(ResourceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Optional<Workload> of(Resource r) {
        return get(r.key());
    }

    /** True when some workload launches from this launch template or launch configuration. */
    public boolean isLaunchTemplateInUse(ResourceKey key) {
        return launchTemplatesInUse.contains(key);
    }

    /**
     * The resource where a value of a workload was written (the instance, its launch template, the group), for
     * messages such as "HttpEndpoint is disabled in launch template AppLt". Identity lookup: pass a value taken
     * from a {@link Workload} field.
     */
    public Optional<Resource> origin(Value v) {
        return Optional.ofNullable(v == null ? null : origins.get(v));
    }

    private static final class Builder {
        private final ResourceGraph graph;
        private final LaunchDataReader reader;
        private final Map<String, Resource> templatesByName = new HashMap<>();
        private final Map<String, Resource> configurationsByName = new HashMap<>();
        private final Set<ResourceKey> inUse = new HashSet<>();

        Builder(ResourceGraph graph) {
            this.graph = graph;
            this.reader = new LaunchDataReader(graph, new IdentityHashMap<>());
            for (Resource r : graph.ofType("AWS::EC2::LaunchTemplate")) {
                index(templatesByName, r, "LaunchTemplateName");
            }
            for (Resource r : graph.ofType("aws_launch_template")) {
                index(templatesByName, r, "name");
            }
            for (Resource r : graph.ofType("AWS::AutoScaling::LaunchConfiguration")) {
                index(configurationsByName, r, "LaunchConfigurationName");
            }
            for (Resource r : graph.ofType("aws_launch_configuration")) {
                index(configurationsByName, r, "name");
            }
        }

        private static void index(Map<String, Resource> m, Resource r, String nameProperty) {
            String key = nameKey(r.property(nameProperty));
            if (key != null) {
                m.putIfAbsent(key, r);
            }
        }

        /**
         * A name as an index key: its text, or for a partly known name ({@code !Sub '${AWS::StackName}-app'} written
         * both on the template and on the group that uses it) the same template written the same way.
         */
        private static String nameKey(Value v) {
            if (v == null) {
                return null;
            }
            if (v instanceof Value.Template t) {
                return "\u0000" + t.display();
            }
            return v.text().filter(s -> !s.isEmpty()).orElse(null);
        }

        Workloads build() {
            List<Workload> out = new ArrayList<>();
            for (Resource r : graph.resources()) {
                if (r.dataSource()) {
                    continue;
                }
                Workload w = switch (r.type()) {
                    case "AWS::EC2::Instance", "aws_instance" -> instance(r);
                    case "AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group" -> group(r);
                    case "AWS::EKS::Nodegroup", "aws_eks_node_group" -> nodeGroup(r);
                    default -> null;
                };
                if (w != null) {
                    out.add(w);
                }
            }
            return new Workloads(out, inUse, reader.origins());
        }

        private Workload instance(Resource r) {
            boolean cfn = r.dialect() == Dialect.CLOUDFORMATION;
            Value spec = cfn ? r.property("LaunchTemplate") : first(r.property("launch_template"));
            LaunchData template = launchTemplate(spec, cfn ? "LaunchTemplateId" : "id",
                    cfn ? "LaunchTemplateName" : "name", r);
            LaunchData own = reader.instance(r);
            LaunchData merged = own.over(template);
            return new Workload(r, Workload.Kind.INSTANCE, template == null ? null : template.source(),
                    new Value.Absent(r.location()),
                    merged.securityGroupsOrEmpty(), merged.subnetsOrEmpty(), merged.tags(), merged.httpEndpoint(),
                    merged.instanceMetadataTags(), merged.instanceProfile(), merged.imageId(),
                    merged.instanceType(), null, null);
        }

        private Workload group(Resource r) {
            boolean cfn = r.dialect() == Dialect.CLOUDFORMATION;
            LaunchData template;
            if (cfn) {
                Value lt = r.property("LaunchTemplate");
                Value mixed = r.property("MixedInstancesPolicy", "LaunchTemplate", "LaunchTemplateSpecification");
                Value lc = r.property("LaunchConfigurationName");
                if (present(lt)) {
                    template = launchTemplate(lt, "LaunchTemplateId", "LaunchTemplateName", r);
                } else if (present(mixed)) {
                    template = launchTemplate(mixed, "LaunchTemplateId", "LaunchTemplateName", r);
                } else {
                    template = launchConfiguration(lc, r);
                }
            } else {
                Value lt = first(r.property("launch_template"));
                Value mixed = firstPath(r.property("mixed_instances_policy"), "launch_template",
                        "launch_template_specification");
                Value lc = r.property("launch_configuration");
                if (present(lt)) {
                    template = launchTemplate(lt, "id", "name", r);
                } else if (present(mixed)) {
                    template = launchTemplate(mixed, "launch_template_id", "launch_template_name", r);
                } else {
                    template = launchConfiguration(lc, r);
                }
            }
            LaunchData own = reader.group(r);
            LaunchData merged = own.over(template);
            Value desired = cfn ? orElse(r.property("DesiredCapacity"), r.property("MinSize"))
                    : orElse(r.property("desired_capacity"), r.property("min_size"));
            return new Workload(r, Workload.Kind.AUTO_SCALING_GROUP, template == null ? null : template.source(),
                    desired, merged.securityGroupsOrEmpty(), merged.subnetsOrEmpty(), merged.tags(),
                    merged.httpEndpoint(), merged.instanceMetadataTags(), merged.instanceProfile(), merged.imageId(),
                    merged.instanceType(), null, null);
        }

        private Workload nodeGroup(Resource r) {
            boolean cfn = r.dialect() == Dialect.CLOUDFORMATION;
            Value spec = cfn ? r.property("LaunchTemplate") : first(r.property("launch_template"));
            LaunchData template = launchTemplate(spec, cfn ? "Id" : "id", cfn ? "Name" : "name", r);
            LaunchData own = reader.nodeGroup(r);
            LaunchData merged = own.over(template);
            List<Value> groups = merged.securityGroups();
            if (groups == null) {
                // Without launch template groups, EKS attaches the cluster security group it creates itself.
                groups = List.of(new Value.Unknown(new UnknownOrigin.AssignedAtDeploy(r.id(),
                        "cluster security group",
                        "the EKS cluster security group of node group " + r.id() + " is created by EKS at deploy"),
                        r.location()));
            }
            Value desired = cfn ? r.property("ScalingConfig", "DesiredSize")
                    : fieldOfFirst(r.property("scaling_config"), "desired_size");
            Value role = cfn ? r.property("NodeRole") : r.property("node_role_arn");
            Value amiType = cfn ? r.property("AmiType") : r.property("ami_type");
            return new Workload(r, Workload.Kind.EKS_NODE_GROUP, template == null ? null : template.source(),
                    desired, groups, merged.subnetsOrEmpty(), merged.tags(), merged.httpEndpoint(),
                    merged.instanceMetadataTags(), merged.instanceProfile(), merged.imageId(), merged.instanceType(),
                    absentToNull(role), absentToNull(amiType));
        }

        /**
         * The launch template a specification designates ({@code {LaunchTemplateId|LaunchTemplateName, Version}}),
         * read as launch data; null when there is no specification; launch data of unknowns when the template is
         * outside the inputs or not decidable.
         */
        private LaunchData launchTemplate(Value spec, String idField, String nameField, Resource user) {
            if (!present(spec)) {
                return null;
            }
            Value id = spec.at(idField);
            Value name = spec.at(nameField);
            Resource t = find(id, templatesByName, user);
            if (t == null) {
                t = find(name, templatesByName, user);
            }
            if (t != null && (t.type().equals("AWS::EC2::LaunchTemplate") || t.type().equals("aws_launch_template"))) {
                inUse.add(t.key());
                return reader.launchTemplate(t);
            }
            Value designator = present(id) ? id : present(name) ? name : spec;
            return reader.outside(designator, "launch template", user);
        }

        private LaunchData launchConfiguration(Value name, Resource user) {
            if (!present(name)) {
                return null;
            }
            Resource c = find(name, configurationsByName, user);
            if (c != null && (c.type().equals("AWS::AutoScaling::LaunchConfiguration")
                    || c.type().equals("aws_launch_configuration"))) {
                inUse.add(c.key());
                return reader.launchConfiguration(c);
            }
            return reader.outside(name, "launch configuration", user);
        }

        /**
         * Terraform: a launch template id the plan loader could not link as a reference (known after apply, computed
         * from {@code module.asg.aws_launch_template.this[0].id}) still names it; used only when exactly one
         * template of the same input is named.
         */
        private Resource namedInDetail(Value.Unknown u, String input) {
            Resource found = null;
            for (String address : u.origin().addresses()) {
                Resource r = graph.get(new ResourceKey(input, address))
                        .filter(c -> c.type().equals("aws_launch_template")
                                || c.type().equals("aws_launch_configuration")).orElse(null);
                if (r != null) {
                    if (found != null && !found.equals(r)) {
                        return null;
                    }
                    found = r;
                }
            }
            return found;
        }

        private Resource find(Value v, Map<String, Resource> byName, Resource user) {
            if (!present(v)) {
                return null;
            }
            Optional<Resource> t = graph.target(v);
            if (t.isPresent()) {
                return t.get();
            }
            if (v instanceof Value.Unknown u) {
                Resource named = namedInDetail(u, user.input());
                if (named != null) {
                    return named;
                }
            }
            String key = nameKey(v);
            return key == null ? null : byName.get(key);
        }
    }

    private static boolean present(Value v) {
        return !v.isAbsent();
    }

    /** For the workload fields that say "not given" with null (see {@link Workload}). */
    private static Value absentToNull(Value v) {
        return v.isAbsent() ? null : v;
    }

    private static Value orElse(Value a, Value b) {
        return present(a) ? a : b;
    }

    /**
     * Terraform nested blocks are lists of one object: the first item, or the value itself when not a list;
     * {@link Value.Absent} when there is none.
     */
    static Value first(Value v) {
        if (v instanceof Value.Seq s) {
            return s.items().isEmpty() ? new Value.Absent(s.location()) : s.items().get(0);
        }
        return v;
    }

    /** Follows Terraform nested blocks (lists of one object) through the given fields. */
    static Value firstPath(Value v, String... fields) {
        Value cur = first(v);
        for (String f : fields) {
            cur = first(cur.at(f));
        }
        return cur;
    }

    private static Value fieldOfFirst(Value v, String field) {
        return first(v).at(field);
    }
}
