package dev.preflight.rules.guardduty;

import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.infra.guardduty.Detectors;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Scenario;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.ConsoleEffect.Stage;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GD011: a detector of the inputs runs Runtime Monitoring for EC2: feature {@code RUNTIME_MONITORING} enabled, not
 * together with {@code EKS_RUNTIME_MONITORING} enabled (the API rejects both; Runtime Monitoring includes EKS), and
 * {@code EC2_AGENT_MANAGEMENT} enabled when some workload relies on the automated agent. A workload tagged
 * {@code GuardDutyManaged=true} is managed by GuardDuty even without {@code EC2_AGENT_MANAGEMENT} (EC2-HOW; the
 * sourced fact of the prerequisites, section 9.2, wins over the narrower wording of rules.md); one tagged
 * {@code false} is excluded; EKS node groups are covered by the EKS add-on, not by this setting.
 *
 * <p>Subjects: each detector. When the run has no detector at all, each input that contains workloads or GuardDuty
 * resources gets one UNKNOWN (the account may have a detector outside the inputs); inputs with neither get no
 * result, so an unrelated template is not flagged. A detector anywhere in the run is taken as the account's
 * detector for every input of the run.
 */
public final class DetectorRuntimeMonitoringRule implements Rule {
    static final String RUNTIME = "RUNTIME_MONITORING";
    static final String EKS_RUNTIME = "EKS_RUNTIME_MONITORING";
    static final String EC2_AGENT = "EC2_AGENT_MANAGEMENT";
    private static final RuleMetadata METADATA = RuleMetadata.rule("GD011")
            .title("Detector runs runtime monitoring")
            .severity(Severity.ERROR)
            .unhealthy(Stage.RUNTIME_MONITORING, ConsoleEffect.AGENT_NOT_PROVISIONED, null)
            .assumedWhenUnknown("Runtime Monitoring and automated agent configuration are enabled in the account "
                    + "unless a detector in the inputs says otherwise")
            .readsAcrossRun("AWS::GuardDuty::Detector", "aws_guardduty_detector", "aws_guardduty_detector_feature")
            .tags("detector", "guardduty")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-ec2.html")
            .build();

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        Detectors detectors = ctx.view(Detectors.class, Detectors::build);
        Workloads workloads = ctx.view(Workloads.class, Workloads::build);
        List<RuleResult> out = new ArrayList<>();
        for (Detectors.Detector d : detectors.all()) {
            out.add(detector(d, workloads));
        }
        if (!detectors.all().isEmpty()) {
            return out;
        }
        // configuration out of band: a custom resource (AWS Security Reference Architecture style) whose Lambda
        // applies the settings it is given as properties, usually parameters; taken as the account's configuration
        List<Resource> configurators = ctx.graph().resources().stream().filter(DetectorRuntimeMonitoringRule::configuresRuntimeMonitoring).toList();
        if (!configurators.isEmpty()) {
            for (Resource c : configurators) {
                out.add(customResource(c, workloads));
            }
            return out;
        }
        Set<String> relevant = new LinkedHashSet<>();
        for (Workload w : workloads.all()) {
            relevant.add(w.resource().input());
        }
        Map<String, List<Resource>> orphans = new LinkedHashMap<>();
        for (Resource f : detectors.orphanFeatures()) {
            orphans.computeIfAbsent(f.input(), k -> new ArrayList<>()).add(f);
            relevant.add(f.input());
        }
        for (Resource r : ctx.graph().resources()) {
            if (r.type().startsWith("AWS::GuardDuty::") || r.type().startsWith("aws_guardduty_")) {
                relevant.add(r.input());
            }
        }
        for (InputDocument in : ctx.graph().inputs()) {
            if (in.format() == InputFormat.SCP || !relevant.contains(in.file())) {
                continue;
            }
            Subject subject = Subject.ofInput(in.file());
            List<Resource> features = orphans.get(in.file());
            if (features != null) {
                String name = "the detector configured by " + String.join(", ",
                        features.stream().map(Resource::id).toList()) + " (outside the inputs)";
                Value list = Detectors.featureListOf(features);
                out.add(ConditionalVerdicts.worst(METADATA, subject,
                        s -> featureList(subject, name, features(s, list), workloads)));
            } else {
                out.add(METADATA.unknown(subject, "no GuardDuty detector in the inputs of the run: whether Runtime "
                                + "Monitoring (RUNTIME_MONITORING with EC2_AGENT_MANAGEMENT) is enabled for the "
                                + "workloads of " + in.file() + " cannot be decided",
                        "the account's detector is outside the inputs (GuardDuty console or another stack); "
                                + "add its template or plan to the run"));
            }
        }
        return out;
    }

    private RuleResult detector(Detectors.Detector d, Workloads workloads) {
        Subject subject = Subject.of(d.resource());
        String name = "detector " + d.resource().id();
        return ConditionalVerdicts.worst(METADATA, subject, s -> {
            if (!s.exists(d.resource())) {
                return METADATA.notApplicable(subject, name + " is not created");
            }
            Value e = s.pick(d.enable());
            if (e.isAbsent()) {
                if (!d.terraform()) {
                    return METADATA.fail(subject, name + " does not set Enable (required): the detector is not "
                            + "created as written");
                }
            } else if (!e.isKnown() || e.bool().isEmpty()) {
                return METADATA.unknown(subject, "whether " + name + " is enabled cannot be decided",
                        "Enable is " + e.display());
            } else if (!e.bool().get()) {
                return METADATA.fail(subject, name + " is disabled (" + (d.terraform() ? "enable" : "Enable")
                        + " = false): GuardDuty monitors nothing");
            }
            return featureList(subject, name, features(s, d.features()), workloads);
        });
    }

    /** The detector's feature list in the scenario (an absent list is empty; items under Fn::If picked). */
    private static Value features(Scenario s, Value features) {
        Value v = s.resolve(features);
        return v.isAbsent() ? new Value.Seq(List.of(), SourceLocation.ofFile("")) : v;
    }

    private RuleResult featureList(Subject subject, String name, Value list, Workloads workloads) {
        if (!(list instanceof Value.Seq seq)) {
            return METADATA.unknown(subject, "the features of " + name + " are not known before deploy",
                    "Features is " + list.display());
        }
        Map<String, Value> byName = new LinkedHashMap<>();
        List<String> unknownNames = new ArrayList<>();
        for (Value f : seq.items()) {
            Value n = f.at("Name");
            if (n.isKnown() && n.text().isPresent()) {
                byName.put(n.text().get().trim(), f);
            } else {
                unknownNames.add(n.isAbsent() ? "a feature without Name" : "feature name " + n.display());
            }
        }
        Value rm = byName.get(RUNTIME);
        Value eks = byName.get(EKS_RUNTIME);
        Status rmStatus = status(rm);
        Status eksStatus = status(eks);
        RelatedLocation[] at = rm == null ? new RelatedLocation[0]
                : new RelatedLocation[]{new RelatedLocation(subject.id(), rm.location(), RUNTIME)};
        if (rmStatus == Status.ENABLED && eksStatus == Status.ENABLED) {
            return METADATA.fail(subject, name + " enables both " + RUNTIME + " and " + EKS_RUNTIME
                    + ": the API rejects the pair (Runtime Monitoring already includes EKS); disable "
                    + EKS_RUNTIME, at);
        }
        if (rm == null) {
            if (!unknownNames.isEmpty()) {
                return METADATA.unknown(subject, "whether " + name + " enables " + RUNTIME + " cannot be decided",
                        String.join(", ", unknownNames) + " is not known");
            }
            return METADATA.fail(subject, name + " does not enable " + RUNTIME
                    + (eks != null ? " (" + EKS_RUNTIME + " covers only EKS clusters, not EC2)" : "")
                    + ": EC2 instances get no runtime coverage");
        }
        if (rmStatus == Status.UNKNOWN) {
            return METADATA.unknown(subject, "whether " + name + " enables " + RUNTIME + " cannot be decided",
                    RUNTIME + " Status is " + display(rm.at("Status")), at);
        }
        if (rmStatus == Status.DISABLED) {
            return METADATA.fail(subject, name + " sets " + RUNTIME + " to DISABLED: EC2 instances get no runtime "
                    + "coverage", at);
        }
        if (eksStatus == Status.UNKNOWN) {
            return METADATA.unknown(subject, name + " enables " + RUNTIME + "; if " + EKS_RUNTIME
                    + " is also enabled the API rejects the pair", EKS_RUNTIME + " Status is "
                    + display(eks.at("Status")), at);
        }
        Value agent = null;
        for (Value c : rm.at("AdditionalConfiguration").items()) {
            if (c.at("Name").text().filter(EC2_AGENT::equals).isPresent()) {
                agent = c;
            }
        }
        Status agentStatus = status(agent);
        if (agentStatus == Status.ENABLED) {
            return METADATA.pass(subject, name + " enables " + RUNTIME + " with " + EC2_AGENT
                    + " (automated agent for EC2)", at);
        }
        List<String> relying = new ArrayList<>();
        List<String> uncertain = new ArrayList<>();
        List<String> included = new ArrayList<>();
        // the workloads a failure or doubt of the agent setting concerns: inclusion-tagged ones are managed anyway
        List<ResourceKey> relyingKeys = new ArrayList<>();
        List<ResourceKey> uncertainKeys = new ArrayList<>();
        for (Workload w : workloads.all()) {
            if (w.kind() == Workload.Kind.EKS_NODE_GROUP) {
                continue;
            }
            Optional<LaunchTag> tag = w.tag("GuardDutyManaged");
            if (tag.isEmpty()) {
                if (w.hasUnknownTagKeys()) {
                    uncertain.add(w.id() + " (its tags are not known)");
                    uncertainKeys.add(w.resource().key());
                } else {
                    relying.add(w.id());
                    relyingKeys.add(w.resource().key());
                }
                continue;
            }
            Value v = tag.get().value();
            if (!v.isKnown() || v.text().isEmpty()) {
                uncertain.add(w.id() + " (GuardDutyManaged is " + v.display() + ")");
                uncertainKeys.add(w.resource().key());
            } else if (v.text().get().equals("true")) {
                included.add(w.id());
            } else if (!v.text().get().equals("false")) {
                relying.add(w.id() + " (GuardDutyManaged=" + v.text().get() + " is neither true nor false)");
                relyingKeys.add(w.resource().key());
            }
        }
        String agentText = agent == null ? EC2_AGENT + " is not configured" : EC2_AGENT + " is " + display(agent.at("Status"));
        if (relying.isEmpty() && uncertain.isEmpty()) {
            return METADATA.pass(subject, name + " enables " + RUNTIME + "; " + agentText
                    + (included.isEmpty() ? ", and no workload of the inputs relies on the automated agent"
                    : ", but " + String.join(", ", included) + " are tagged GuardDutyManaged=true, which GuardDuty "
                    + "manages without the automated agent setting"), at);
        }
        if (agentStatus == Status.UNKNOWN) {
            return METADATA.unknown(subject, name + " enables " + RUNTIME + "; whether " + EC2_AGENT
                    + " is enabled for " + String.join(", ", relying.isEmpty() ? uncertain : relying)
                    + " cannot be decided", EC2_AGENT + " Status is " + display(agent.at("Status")), at)
                    .withScope(concat(relyingKeys, uncertainKeys));
        }
        if (!relying.isEmpty()) {
            return METADATA.fail(subject, name + " enables " + RUNTIME + " but " + agentText + ": "
                    + "the workloads " + String.join(", ", relying) + " have no GuardDutyManaged=true tag and rely on the automated "
                    + "agent, which will not be installed", at).withScope(relyingKeys);
        }
        return METADATA.unknown(subject, name + " enables " + RUNTIME + " but " + agentText + "; whether "
                + String.join(", ", uncertain) + " rely on the automated agent cannot be decided",
                "the GuardDutyManaged tag of " + String.join(", ", uncertain), at).withScope(uncertainKeys);
    }

    private static List<ResourceKey> concat(List<ResourceKey> a, List<ResourceKey> b) {
        List<ResourceKey> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A custom resource with a property that sets Runtime Monitoring or the EC2 agent (ENABLE_EC2_AGENT_MANAGEMENT). */
    static boolean configuresRuntimeMonitoring(Resource r) {
        if (!r.type().startsWith("Custom::") && !r.type().equals("AWS::CloudFormation::CustomResource")) {
            return false;
        }
        return runtimeSetting(r) != null || agentSetting(r) != null;
    }

    private static String normalized(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /** The property that turns Runtime Monitoring (not EKS Runtime Monitoring) on or off, or null. */
    private static String runtimeSetting(Resource r) {
        for (String k : propertyNames(r)) {
            String n = normalized(k);
            if (n.contains("RUNTIMEMONITORING") && !n.contains("EKS")) {
                return k;
            }
        }
        return null;
    }

    /** The property that turns the automated EC2 agent on or off, or null. */
    private static String agentSetting(Resource r) {
        for (String k : propertyNames(r)) {
            if (normalized(k).contains("EC2AGENTMANAGEMENT")) {
                return k;
            }
        }
        return null;
    }

    private static List<String> propertyNames(Resource r) {
        Value props = r.properties();
        return props instanceof Value.Struct s ? new ArrayList<>(s.fields().keySet()) : List.of();
    }

    /** ENABLED/true, DISABLED/false, or UNKNOWN (a parameter without value, a condition, anything else). */
    private static Status setting(Value v) {
        if (v.isAbsent()) {
            return Status.ABSENT;
        }
        if (!v.isKnown()) {
            return Status.UNKNOWN;
        }
        Optional<Boolean> b = v.bool();
        if (b.isPresent()) {
            return b.get() ? Status.ENABLED : Status.DISABLED;
        }
        String t = v.text().orElse("").trim();
        return t.equals("ENABLED") ? Status.ENABLED : t.equals("DISABLED") ? Status.DISABLED : Status.UNKNOWN;
    }

    private RuleResult customResource(Resource c, Workloads workloads) {
        Subject subject = Subject.of(c);
        String name = "custom resource " + c.id() + " (" + c.type() + ")";
        String rmKey = runtimeSetting(c);
        String agentKey = agentSetting(c);
        Value rm = rmKey == null ? new Value.Absent(c.location()) : c.property(rmKey);
        Value agent = agentKey == null ? new Value.Absent(c.location()) : c.property(agentKey);
        Status rmStatus = setting(rm);
        if (rmStatus == Status.DISABLED) {
            return METADATA.fail(subject, name + " configures GuardDuty with " + rmKey + " = " + rm.display()
                    + ": Runtime Monitoring would be off and EC2 instances get no runtime coverage",
                    new RelatedLocation(c.id(), rm.location(), rmKey));
        }
        if (rmStatus == Status.UNKNOWN) {
            return METADATA.unknown(subject, "whether " + name + " turns Runtime Monitoring on cannot be decided",
                    rmKey + " is " + rm.display() + "; give the value it deploys with (for a parameter: --parameter NAME=true|false)",
                    new RelatedLocation(c.id(), rm.location(), rmKey));
        }
        Status agentStatus = setting(agent);
        Reliance reliance = reliance(workloads);
        String rmText = rmStatus == Status.ENABLED ? rmKey + " = " + rm.display() : "Runtime Monitoring as its Lambda applies it";
        if (agentStatus == Status.ENABLED) {
            return METADATA.pass(subject, name + " configures GuardDuty with " + rmText + " and " + agentKey + " = "
                    + agent.display() + " (automated agent for EC2), applied by its Lambda at deploy");
        }
        if (agentStatus == Status.ABSENT) {
            return METADATA.unknown(subject, name + " configures GuardDuty Runtime Monitoring but says nothing about "
                    + "the automated EC2 agent: whether " + EC2_AGENT + " is enabled cannot be decided",
                    "no property of " + c.id() + " sets " + EC2_AGENT + " (its Lambda's default applies)");
        }
        RelatedLocation at = new RelatedLocation(c.id(), agent.location(), agentKey);
        if (agentStatus == Status.UNKNOWN) {
            RuleResult r = METADATA.unknown(subject, "whether " + name + " enables the automated EC2 agent ("
                            + EC2_AGENT + ") cannot be decided" + (reliance.relying().isEmpty() ? ""
                            : "; " + String.join(", ", reliance.relying()) + " rely on it"),
                    agentKey + " is " + agent.display() + "; give the value it deploys with (for a parameter: "
                            + "--parameter NAME=true|false)", at);
            return reliance.keys().isEmpty() ? r : r.withScope(reliance.keys());
        }
        String off = name + " configures GuardDuty with " + agentKey + " = " + agent.display()
                + ": automated EC2 agent management (" + EC2_AGENT + ") would be off";
        if (workloads.all().isEmpty()) {
            return METADATA.fail(subject, off + ", so only instances tagged GuardDutyManaged=true get the agent in "
                    + "the accounts it configures", at);
        }
        if (reliance.relying().isEmpty()) {
            return METADATA.pass(subject, off + ", but the workloads of the inputs are tagged GuardDutyManaged=true, "
                    + "which GuardDuty manages without it", at);
        }
        return METADATA.fail(subject, off + ": the workloads " + String.join(", ", reliance.relying())
                + " have no GuardDutyManaged=true tag and rely on it, so the agent will not be installed", at)
                .withScope(reliance.keys());
    }

    /** The workloads that rely on the automated agent (not tagged GuardDutyManaged=true, not EKS node groups). */
    private record Reliance(List<String> relying, List<ResourceKey> keys) {
    }

    private static Reliance reliance(Workloads workloads) {
        List<String> ids = new ArrayList<>();
        List<ResourceKey> keys = new ArrayList<>();
        for (Workload w : workloads.all()) {
            if (w.kind() == Workload.Kind.EKS_NODE_GROUP) {
                continue;
            }
            Optional<LaunchTag> tag = w.tag("GuardDutyManaged");
            boolean included = tag.isPresent() && tag.get().value() != null && tag.get().value().isKnown()
                    && tag.get().value().text().filter("true"::equals).isPresent();
            if (!included) {
                ids.add(w.id());
                keys.add(w.resource().key());
            }
        }
        return new Reliance(ids, keys);
    }

    private enum Status { ENABLED, DISABLED, ABSENT, UNKNOWN }

    private static Status status(Value feature) {
        if (feature == null) {
            return Status.ABSENT;
        }
        Value s = feature.at("Status");
        if (s.isAbsent()) {
            return Status.ABSENT;
        }
        if (!s.isKnown() || s.text().isEmpty()) {
            return Status.UNKNOWN;
        }
        return s.text().get().trim().equals("ENABLED") ? Status.ENABLED : Status.DISABLED;
    }

    private static String display(Value v) {
        return v.isAbsent() ? "not set" : v.display();
    }

}
