package dev.preflight.companion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.Subnet;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.infra.network.VpcRef;
import dev.preflight.model.InputDocument;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The document Rego policies see as {@code input}: a documented, versioned contract ({@code docs/opa-input.md},
 * {@code docs/opa-input.schema.json}). Every resource with its resolved properties, where a value that is not
 * plainly known says what it is ({@code $unknown}, {@code $ref}, {@code $if}, {@code $template}, {@code $absent})
 * rather than turning into a silent null, and the domain views the built-in rules use, so that policies need not
 * rebuild the graph.
 */
public final class OpaInput {
    /** Bumped on any incompatible change of the document; additions keep the major number. */
    public static final String VERSION = "1.0";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ResourceGraph graph;

    private OpaInput(ResourceGraph graph) {
        this.graph = graph;
    }

    public static ObjectNode build(RuleContext ctx) {
        return new OpaInput(ctx.graph()).document(ctx);
    }

    private ObjectNode document(RuleContext ctx) {
        ObjectNode doc = F.objectNode();
        doc.put("version", VERSION);
        ObjectNode settings = doc.putObject("settings");
        settings.put("region", ctx.settings().region().orElse(null));
        settings.put("account", ctx.settings().account().orElse(null));
        ArrayNode inputs = doc.putArray("inputs");
        for (InputDocument d : graph.inputs()) {
            inputs.addObject().put("file", d.file()).put("format", d.format().wireName());
        }
        ArrayNode resources = doc.putArray("resources");
        for (Resource r : graph.resources()) {
            ObjectNode o = resources.addObject();
            o.put("type", r.type());
            o.put("id", r.id());
            located(o, r.location());
            o.put("input", r.input());
            o.put("dialect", r.dialect().name().toLowerCase(java.util.Locale.ROOT));
            o.put("constructPath", r.constructPath());
            o.put("condition", r.condition());
            o.put("dataSource", r.dataSource());
            o.set("properties", encode(r.properties()));
        }
        ObjectNode views = doc.putObject("views");
        NetworkView net = ctx.view(NetworkView.class, NetworkView::build);
        Workloads workloads = ctx.view(Workloads.class, Workloads::build);
        views.set("vpcs", vpcs(net));
        views.set("subnets", subnets());
        views.set("securityGroups", securityGroups());
        views.set("endpoints", endpoints(net));
        views.set("workloads", workloads(workloads, net));
        views.set("scps", scps());
        return doc;
    }

    private static void located(ObjectNode o, SourceLocation l) {
        o.put("file", l.file());
        o.put("line", l.line());
        o.put("column", l.column());
    }

    /**
     * A view entry's identity: the resource id, its type, its input file ({@code file}, as links name it) and
     * where it is declared ({@code declared}; a Terraform plan's resource at its {@code .tf} block when the
     * configuration is beside the plan, so {@code line} and {@code column} are given only when it is in the input).
     */
    private static ObjectNode entry(Resource r) {
        ObjectNode o = F.objectNode();
        o.put("id", r.id());
        o.put("type", r.type());
        SourceLocation l = r.location();
        o.put("file", r.input());
        o.put("line", l.file().equals(r.input()) ? l.line() : 0);
        o.put("column", l.file().equals(r.input()) ? l.column() : 0);
        located(o.putObject("declared"), l);
        return o;
    }

    // ---- values ----

    /** Known values as JSON; everything else as a one-key object that says what it is. */
    static JsonNode encode(Value v) {
        if (v == null) {
            return F.objectNode().set("$absent", F.booleanNode(true));
        }
        if (v instanceof Value.Text t) {
            return F.textNode(t.value());
        }
        if (v instanceof Value.Num n) {
            return F.numberNode(n.value());
        }
        if (v instanceof Value.Bool b) {
            return F.booleanNode(b.value());
        }
        if (v instanceof Value.Absent) {
            return F.objectNode().set("$absent", F.booleanNode(true));
        }
        if (v instanceof Value.Seq s) {
            ArrayNode a = F.arrayNode();
            for (Value item : s.items()) {
                a.add(encode(item));
            }
            return a;
        }
        if (v instanceof Value.Struct s) {
            ObjectNode o = F.objectNode();
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                o.set(e.getKey(), encode(e.getValue()));
            }
            return o;
        }
        if (v instanceof Value.Unknown u) {
            ObjectNode inner = F.objectNode().put("reason", u.reason().name()).put("detail", u.describe());
            inner.set("origin", origin(u.origin()));
            return F.objectNode().set("$unknown", inner);
        }
        if (v instanceof Value.Reference r) {
            ObjectNode inner = F.objectNode();
            inner.put("resource", r.target().id());
            inner.put("file", r.target().input());
            inner.put("attribute", r.attribute());
            inner.set("value", encode(r.resolved()));
            return F.objectNode().set("$ref", inner);
        }
        if (v instanceof Value.Conditional c) {
            ObjectNode inner = F.objectNode().put("condition", c.condition());
            inner.set("then", encode(c.whenTrue()));
            inner.set("else", encode(c.whenFalse()));
            return F.objectNode().set("$if", inner);
        }
        if (v instanceof Value.Template t) {
            ObjectNode inner = F.objectNode().put("pattern", t.pattern("*"));
            ArrayNode parts = inner.putArray("parts");
            for (Value p : t.parts()) {
                parts.add(encode(p));
            }
            return F.objectNode().set("$template", inner);
        }
        throw new IllegalStateException("value kind without an encoding: " + v.getClass().getSimpleName());
    }

    /** A value that designates another resource, with that resource's id when it is in the graph. */
    private ObjectNode link(Value v) {
        ObjectNode o = F.objectNode();
        o.set("value", encode(v));
        Optional<Resource> target = v == null ? Optional.empty() : graph.target(v);
        o.put("resource", target.map(Resource::id).orElse(null));
        o.put("file", target.map(Resource::input).orElse(null));
        return o;
    }

    /** The links of values that may each be one designator or a list of them (a SecurityGroupIds parameter). */
    private ArrayNode links(List<Value> values) {
        ArrayNode a = F.arrayNode();
        for (Value v : values) {
            if (v instanceof Value.Seq s) {
                for (Value item : s.items()) {
                    a.add(link(item));
                }
            } else {
                a.add(link(v));
            }
        }
        return a;
    }

    // ---- views ----

    private ArrayNode vpcs(NetworkView net) {
        ArrayNode a = F.arrayNode();
        for (var vpc : net.vpcs()) {
            ObjectNode o = entry(vpc.resource());
            o.set("enableDnsSupport", encode(vpc.enableDnsSupport()));
            o.set("enableDnsHostnames", encode(vpc.enableDnsHostnames()));
            o.put("enableDnsSupportDefault", vpc.dnsSupportDefault());
            o.put("enableDnsHostnamesDefault", vpc.dnsHostnamesDefault());
            o.set("cidrBlock", encode(vpc.cidrBlock()));
            o.put("dataSource", vpc.dataSource());
            a.add(o);
        }
        return a;
    }

    private ArrayNode subnets() {
        ArrayNode a = F.arrayNode();
        for (Resource r : graph.ofType("AWS::EC2::Subnet", "aws_subnet")) {
            ObjectNode o = entry(r);
            Value vpc = r.property(r.type().equals("aws_subnet") ? "vpc_id" : "VpcId");
            o.set("vpc", link(vpc));
            o.set("cidrBlock", encode(r.property(r.type().equals("aws_subnet") ? "cidr_block" : "CidrBlock")));
            a.add(o);
        }
        return a;
    }

    private ArrayNode securityGroups() {
        ArrayNode a = F.arrayNode();
        for (Resource r : graph.ofType("AWS::EC2::SecurityGroup", "aws_security_group", "aws_default_security_group")) {
            ObjectNode o = entry(r);
            o.set("vpc", link(r.property(r.type().startsWith("aws_") ? "vpc_id" : "VpcId")));
            a.add(o);
        }
        return a;
    }

    private ArrayNode endpoints(NetworkView net) {
        ArrayNode a = F.arrayNode();
        for (VpcEndpoint e : net.endpoints()) {
            ObjectNode o = entry(e.resource());
            o.set("serviceName", encode(e.serviceName()));
            o.put("endpointType", e.typeName());
            o.set("vpc", link(e.vpcId()));
            o.set("privateDnsEnabled", encode(e.privateDnsEnabled()));
            o.set("securityGroups", links(e.securityGroupIds() == null ? List.of() : List.of(e.securityGroupIds())));
            o.set("subnets", links(e.subnetIds() == null ? List.of() : List.of(e.subnetIds())));
            a.add(o);
        }
        return a;
    }

    private ArrayNode workloads(Workloads workloads, NetworkView net) {
        ArrayNode a = F.arrayNode();
        for (Workload w : workloads.all()) {
            ObjectNode o = entry(w.resource());
            o.put("kind", w.kind().name());
            o.put("launchTemplate", w.launchTemplate() == null ? null : w.launchTemplate().id());
            o.set("desiredCapacity", encode(w.desiredCapacity()));
            o.set("vpcs", workloadVpcs(w, net));
            o.set("securityGroups", links(w.securityGroups()));
            o.set("subnets", links(w.subnets()));
            ObjectNode tags = o.putObject("tags");
            Map<String, LaunchTag> effective = new LinkedHashMap<>();
            for (LaunchTag t : w.tags()) {
                if (t.key() != null) {
                    w.tag(t.key()).ifPresent(x -> effective.put(t.key(), x));
                }
            }
            effective.forEach((k, t) -> tags.set(k, encode(t.value())));
            ObjectNode carriers = o.putObject("tagCarriers");
            effective.forEach((k, t) -> {
                if (t.carrier() != null) {
                    carriers.putObject(k).put("resource", t.carrier().id()).put("file", t.carrier().input());
                }
            });
            // every tag as written, with the resource that carries it (near misses such as "guarddutymanaged" too)
            ArrayNode sources = o.putArray("tagSources");
            for (LaunchTag t : w.tags()) {
                ObjectNode s = sources.addObject();
                s.put("key", t.key());
                s.set("value", encode(t.value()));
                s.put("carrier", t.carrier() == null ? null : t.carrier().id());
                s.put("carrierType", t.carrier() == null ? null : t.carrier().type());
                s.put("carrierFile", t.carrier() == null ? null : t.carrier().input());
                s.put("source", t.source() == null ? null : t.source().name());
                located(s, t.location() != null ? t.location()
                        : t.carrier() != null ? t.carrier().location() : w.resource().location());
            }
            o.put("unknownTagKeys", w.hasUnknownTagKeys());
            o.set("httpEndpoint", encode(w.httpEndpoint()));
            o.set("instanceMetadataTags", encode(w.instanceMetadataTags()));
            o.set("instanceProfile", encode(w.instanceProfile()));
            o.set("imageId", encode(w.imageId()));
            o.set("instanceType", encode(w.instanceType()));
            a.add(o);
        }
        return a;
    }

    /** The VPC the workload runs in, once per combination of the undecided conditions that decide it. */
    private static ArrayNode workloadVpcs(Workload w, NetworkView net) {
        ArrayNode a = F.arrayNode();
        List<Scenario.Run<VpcRef>> runs;
        try {
            runs = Scenario.explore(s -> s.exists(w.resource()) ? net.vpcOf(w, s) : null);
        } catch (RuntimeException e) {
            runs = null;
        }
        if (runs == null) {
            runs = new ArrayList<>(List.of(new Scenario.Run<>(net.vpcOf(w, Scenario.allTrue()), Scenario.allTrue())));
        }
        for (Scenario.Run<VpcRef> run : runs) {
            VpcRef ref = run.result();
            if (ref == null) {
                continue;
            }
            ObjectNode o = a.addObject();
            o.put("resource", ref.vpc() == null ? null : ref.vpc().id());
            o.put("file", ref.vpc() == null ? null : ref.vpc().resource().input());
            o.put("identity", ref.identity());
            o.put("outside", ref.outside());
            o.put("when", run.scenario().describe());
        }
        return a;
    }

    private ArrayNode scps() {
        ArrayNode a = F.arrayNode();
        for (Resource r : graph.resources()) {
            if (r.dialect() == dev.preflight.model.Dialect.POLICY_FILE) {
                ObjectNode o = entry(r);
                o.set("document", encode(r.properties()));
                a.add(o);
            }
        }
        return a;
    }

    /** The typed origin of an unknown: {"type": "SsmParameter", "path": "/aws/...", ...} (its record components). */
    private static ObjectNode origin(dev.preflight.model.UnknownOrigin o) {
        ObjectNode n = F.objectNode().put("type", o.getClass().getSimpleName());
        for (java.lang.reflect.RecordComponent c : o.getClass().getRecordComponents()) {
            Object x;
            try {
                x = c.getAccessor().invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (x instanceof dev.preflight.model.UnknownOrigin inner) {
                n.set(c.getName(), origin(inner));
            } else if (x instanceof List<?> list) {
                ArrayNode a = n.putArray(c.getName());
                list.forEach(item -> a.add(String.valueOf(item)));
            } else if (x instanceof Boolean b) {
                n.put(c.getName(), b);
            } else if (x instanceof Integer i) {
                n.put(c.getName(), i);
            } else {
                n.put(c.getName(), x == null ? null : x.toString());
            }
        }
        return n;
    }
}
