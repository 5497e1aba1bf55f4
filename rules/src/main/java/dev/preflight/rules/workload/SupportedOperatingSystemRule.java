package dev.preflight.rules.workload;

import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.ConsoleEffect.Stage;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GD012: the workload's operating system, kernel and CPU must be in GuardDuty's supported table. The OS is read
 * from what names it before deploy: a public SSM parameter path (a CloudFormation parameter of type
 * {@code AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>}, {@code {{resolve:ssm:...}}}, Terraform
 * {@code data.aws_ssm_parameter.name}), a Terraform {@code data.aws_ami} name filter or {@code name_regex}, or an
 * EKS node group {@code AmiType}. An opaque {@code ami-...} id is UNKNOWN. First-generation Graviton ({@code a1.*})
 * and Mac instance types fail whatever the image.
 *
 * <p>Amazon Linux 2 images without {@code kernel-5.10} (or 5.15/5.4) in their name ship kernel 4.14, below the
 * supported 5.4: FAIL. EKS-optimized Amazon Linux 2 images (and node group AMI types {@code AL2_*}) ship kernel
 * 5.4/5.10 and pass ([inference]: not stated on the GuardDuty pages). Windows is in no supported table: FAIL.
 */
public final class SupportedOperatingSystemRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD012")
            .title("Supported operating system")
            .severity(Severity.ERROR)
            .unhealthy(Stage.PROVISIONING, ConsoleEffect.AGENT_NOT_PROVISIONED, "Kernel version is lower than the supported version")
            .alsoShownAs(ConsoleEffect.SSM_EXECUTION_FAILED, "Architectural requirements or other prerequisites are not met")
            .tags("ec2", "os")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/prereq-runtime-monitoring-cpu-os-kernel-support.html")
            .build();

    private static final Pattern RESOLVE_SSM = Pattern.compile("\\{\\{resolve:ssm:([^}:]+)");

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext context) {
        Workloads ws = context.view(Workloads.class, Workloads::build);
        ResourceGraph graph = context.graph();
        Map<String, Resource> ssmByValue = ssmValues(graph);
        List<RuleResult> out = new ArrayList<>();
        for (Workload w : ws.all()) {
            String who = WorkloadValues.describe(w);
            boolean eks = w.imageId() == null && w.kind() == Workload.Kind.EKS_NODE_GROUP;
            List<RelatedLocation> related = new ArrayList<>(eks ? WorkloadValues.related(ws, w, w.amiType(), "AmiType")
                    : WorkloadValues.related(ws, w, w.imageId(), "image"));
            String where = WorkloadValues.where(ws, w.imageId(), w);
            out.add(Judgement.decide(METADATA, w, Subject.of(w.resource()), related, s -> {
                Judgement image = eks ? amiType(who, s.pick(w.amiType()))
                        : image(graph, ssmByValue, w.resource().input(), where, who, s.pick(w.imageId()));
                Judgement type = instanceType(who, s.pick(w.instanceType()));
                if (type.worseThan(image, METADATA.defaultSeverity())) {
                    return type;
                }
                if (image.verdict() == dev.preflight.rule.Verdict.PASS && type.message() != null) {
                    return Judgement.pass(image.message() + "; " + type.message());
                }
                return image;
            }));
        }
        return out;
    }

    private static Judgement instanceType(String who, Value v) {
        if (v.isAbsent()) {
            return Judgement.pass("instance type not set");
        }
        List<Value> types = v instanceof Value.Seq s ? s.items() : List.of(v);
        List<String> names = new ArrayList<>();
        for (Value t : types) {
            Optional<String> text = t.text();
            if (text.isEmpty()) {
                return Judgement.unknown("the instance type of " + who + " is not known before deploy",
                        "instance type: " + WorkloadValues.whyUnknown(t));
            }
            String s = text.get().trim().toLowerCase(Locale.ROOT);
            if (s.startsWith("a1.")) {
                return Judgement.fail(who + " uses instance type " + text.get()
                        + ": first-generation Graviton (A1) is not supported by the GuardDuty agent");
            }
            if (s.startsWith("mac")) {
                return Judgement.fail(who + " uses instance type " + text.get()
                        + ": Mac instances run macOS, which the GuardDuty agent does not support");
            }
            names.add(text.get());
        }
        return Judgement.pass("instance type " + String.join(", ", names) + " is supported");
    }

    private static Judgement amiType(String who, Value v) {
        if (v.isAbsent()) {
            return Judgement.pass(who + " uses the default EKS AMI type (Amazon Linux), which is supported");
        }
        Optional<String> t = v.text();
        if (t.isEmpty()) {
            return Judgement.unknown("the AMI type of " + who + " is not known before deploy",
                    "AmiType: " + WorkloadValues.whyUnknown(v));
        }
        String s = t.get().toUpperCase(Locale.ROOT);
        if (s.startsWith("WINDOWS")) {
            return Judgement.fail(who + " uses AMI type " + t.get() + ": Windows is not supported by the "
                    + "GuardDuty agent");
        }
        if (s.startsWith("AL2023") || s.startsWith("BOTTLEROCKET") || s.startsWith("AL2_")) {
            return Judgement.pass(who + " uses AMI type " + t.get() + ", a supported OS");
        }
        return Judgement.unknown(who + " uses AMI type " + t.get() + ", which Preflight cannot map to an OS",
                "AmiType " + t.get() + " names no OS in the supported table");
    }

    private static Judgement image(ResourceGraph graph, Map<String, Resource> ssmByValue, String input,
                                       String where, String who, Value v) {
        if (v.isAbsent()) {
            return Judgement.unknown("no image is given for " + who, "ImageId/ami: not set in the inputs");
        }
        // Terraform: the image comes from a data source; its arguments name the OS. The plan loader links it as a
        // reference, or (for attributes such as data.aws_ssm_parameter.x.value) names it in the unknown's detail.
        Optional<Resource> named = Optional.empty();
        if (v instanceof Value.Unknown u) {
            for (String address : u.origin().addresses()) {
                named = graph.get(new ResourceKey(input, address)).filter(r -> r.dataSource()
                        && (r.type().equals("aws_ssm_parameter") || r.type().equals("aws_ami")));
                if (named.isPresent()) {
                    break;
                }
            }
        }
        if (named.isPresent()) {
            Optional<String> name = dataSourceName(named.get());
            if (name.isPresent()) {
                String what = named.get().type().equals("aws_ssm_parameter") ? "SSM parameter " : "AMI name ";
                return classify(who, name.get(), what + name.get() + " (" + named.get().id() + ")");
            }
        }
        if (v instanceof Value.Reference r) {
            Optional<Resource> target = graph.resolve(r);
            if (target.isPresent()) {
                Optional<String> name = dataSourceName(target.get());
                if (name.isPresent()) {
                    String what = target.get().type().equals("aws_ssm_parameter") ? "SSM parameter " : "AMI name ";
                    return classify(who, name.get(), what + name.get() + " (" + target.get().id() + ")");
                }
            }
        }
        Optional<String> text = v.text();
        if (text.isPresent()) {
            String s = text.get().trim();
            Matcher m = RESOLVE_SSM.matcher(s);
            if (m.find()) {
                return classify(who, m.group(1), "SSM parameter " + m.group(1));
            }
            if (s.startsWith("ami-")) {
                // A data source read at plan time: its arguments still name the OS.
                Optional<Resource> source = dataSourceWithImage(graph, ssmByValue, s);
                Optional<String> name = source.flatMap(SupportedOperatingSystemRule::dataSourceName);
                if (name.isPresent()) {
                    String what = source.get().type().equals("aws_ssm_parameter") ? "SSM parameter " : "AMI name ";
                    return classify(who, name.get(), what + name.get() + " (" + source.get().id() + ")");
                }
                return Judgement.unknown("the operating system of " + who + " cannot be read from AMI id " + s
                                + " " + where,
                        "AMI " + s + " " + where + " is an opaque id: its OS and kernel are known only to EC2");
            }
            if (s.startsWith("/") || s.startsWith("resolve:ssm:")) {
                // EC2 itself accepts ImageId "resolve:ssm:<parameter>[:version]" at launch
                String name = s.startsWith("resolve:ssm:") ? s.substring("resolve:ssm:".length()) : s;
                return classify(who, name, "SSM parameter " + name);
            }
            return classify(who, s, "image " + s);
        }
        Value.Unknown unknown = v instanceof Value.Unknown u ? u
                : v instanceof Value.Reference r && r.resolved() instanceof Value.Unknown u ? u : null;
        if (unknown != null && unknown.origin().root() instanceof UnknownOrigin.SsmParameter p) {
            return classify(who, p.path(), "SSM parameter " + p.path());
        }
        if (v instanceof Value.Template t) {
            Matcher m = RESOLVE_SSM.matcher(t.pattern("*"));
            if (m.find()) {
                return classify(who, m.group(1), "SSM parameter " + m.group(1));
            }
        }
        return Judgement.unknown("the image of " + who + " is not known before deploy",
                "image " + where + ": " + WorkloadValues.whyUnknown(v));
    }

    /** The Terraform data source that resolved to this AMI id at plan time, if any. */
    private static Optional<Resource> dataSourceWithImage(ResourceGraph graph, Map<String, Resource> ssmByValue,
                                                          String ami) {
        Optional<Resource> byId = graph.byPhysicalId(ami).filter(r -> r.dataSource() && r.type().equals("aws_ami"));
        if (byId.isPresent()) {
            return byId;
        }
        return Optional.ofNullable(ssmByValue.get(ami));
    }

    /** data.aws_ssm_parameter by the value read at plan time, built once per run (keeps the rule linear). */
    private static Map<String, Resource> ssmValues(ResourceGraph graph) {
        Map<String, Resource> out = new HashMap<>();
        for (Resource r : graph.ofType("aws_ssm_parameter")) {
            Value value = r.property("value");
            if (r.dataSource() && !value.isAbsent()) {
                value.text().ifPresent(v -> out.putIfAbsent(v, r));
            }
        }
        return out;
    }

    /** {@code data.aws_ssm_parameter.name}, or {@code data.aws_ami} name filter / {@code name_regex}. */
    private static Optional<String> dataSourceName(Resource r) {
        if (!r.dataSource()) {
            return Optional.empty();
        }
        if (r.type().equals("aws_ssm_parameter")) {
            Value name = r.property("name");
            return name.isAbsent() ? Optional.empty() : name.text();
        }
        if (r.type().equals("aws_ami")) {
            List<String> parts = new ArrayList<>();
            Value filters = r.property("filter");
            if (!filters.isAbsent()) {
                for (Value f : filters.items()) {
                    if (f.at("name").text().map("name"::equals).orElse(false)) {
                        for (Value n : f.at("values").items()) {
                            n.text().ifPresent(parts::add);
                        }
                    }
                }
            }
            Value regex = r.property("name_regex");
            if (!regex.isAbsent()) {
                regex.text().ifPresent(parts::add);
            }
            return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", parts));
        }
        return Optional.empty();
    }

    /** The verdict for an image name or SSM parameter path, per the supported OS table. */
    static Judgement classify(String who, String name, String source) {
        String n = name.toLowerCase(Locale.ROOT);
        String of = who + " runs " + source;
        if (n.contains("windows")) {
            return Judgement.fail(of + ": Windows is not supported by the GuardDuty agent");
        }
        if (n.contains("bottlerocket")) {
            return Judgement.pass(of + ": Bottlerocket is supported");
        }
        if (n.contains("al2023") || n.contains("amazon-linux-2023")) {
            return Judgement.pass(of + ": Amazon Linux 2023 is supported");
        }
        if (n.contains("amzn2") || n.contains("amazon-linux-2") || n.contains("amazon-eks-node")) {
            if (n.contains("/eks/") || n.contains("amazon-eks")) {
                return Judgement.pass(of + ": EKS-optimized Amazon Linux 2 ships kernel 5.4/5.10, supported");
            }
            if (n.contains("kernel-5.10") || n.contains("kernel-5.15") || n.contains("kernel-5.4")) {
                return Judgement.pass(of + ": Amazon Linux 2 with a supported kernel");
            }
            return Judgement.fail(of + ": Amazon Linux 2 with its default kernel 4.14, below the supported "
                    + "5.4 (use an al2023 or amzn2-ami-kernel-5.10 image)");
        }
        if (n.contains("amzn-ami")) {
            return Judgement.fail(of + ": Amazon Linux (1) is not supported by the GuardDuty agent");
        }
        if (n.contains("ubuntu") || n.contains("canonical")) {
            return versioned(of, "Ubuntu", ubuntuVersion(n), new int[]{20, 22, 24, 26});
        }
        if (n.contains("debian")) {
            return versioned(of, "Debian", debianVersion(n), new int[]{11, 12, 13});
        }
        if (n.contains("rhel") || n.contains("redhat") || n.contains("red-hat")) {
            return atLeast(of, "Red Hat Enterprise Linux", major(n, "(?:rhel|redhat|red-hat)[-_ /]?(\\d+)"), 9);
        }
        if (n.contains("rocky")) {
            return atLeast(of, "Rocky Linux", major(n, "rocky[-_ /a-z]*?(\\d+)"), 9);
        }
        if (n.contains("alma")) {
            return atLeast(of, "AlmaLinux", major(n, "alma[-_ /a-z]*?(\\d+)"), 9);
        }
        if (n.contains("centos")) {
            return n.contains("stream") ? atLeast(of, "CentOS Stream", major(n, "stream[-_ /]?(\\d+)"), 9)
                    : Judgement.fail(of + ": CentOS Linux (not Stream) is not in the supported table");
        }
        return Judgement.unknown(of + ", which Preflight cannot map to an operating system",
                source + " does not name an OS in the GuardDuty supported table");
    }

    private static Judgement versioned(String of, String os, int version, int[] supported) {
        if (version < 0) {
            return Judgement.unknown(of + ": " + os + " of a version Preflight cannot read",
                    "the " + os + " release is not in the image name");
        }
        for (int s : supported) {
            if (s == version) {
                return Judgement.pass(of + ": " + os + " " + version + " is supported");
            }
        }
        return Judgement.fail(of + ": " + os + " " + version + " is not in the supported table");
    }

    private static Judgement atLeast(String of, String os, int major, int min) {
        if (major < 0) {
            return Judgement.unknown(of + ": " + os + " of a version Preflight cannot read",
                    "the " + os + " release is not in the image name");
        }
        return major >= min ? Judgement.pass(of + ": " + os + " " + major + " is supported")
                : Judgement.fail(of + ": " + os + " " + major + " is not in the supported table");
    }

    private static int ubuntuVersion(String n) {
        Matcher m = Pattern.compile("(\\d\\d)\\.04").matcher(n);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        if (n.contains("focal")) {
            return 20;
        }
        if (n.contains("jammy")) {
            return 22;
        }
        if (n.contains("noble")) {
            return 24;
        }
        if (n.contains("bionic")) {
            return 18;
        }
        if (n.contains("xenial")) {
            return 16;
        }
        return -1;
    }

    private static int debianVersion(String n) {
        Matcher m = Pattern.compile("debian[-_/a-z]*?(\\d+)").matcher(n);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        if (n.contains("bullseye")) {
            return 11;
        }
        if (n.contains("bookworm")) {
            return 12;
        }
        if (n.contains("trixie")) {
            return 13;
        }
        if (n.contains("buster")) {
            return 10;
        }
        return -1;
    }

    private static int major(String n, String regex) {
        Matcher m = Pattern.compile(regex).matcher(n);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
