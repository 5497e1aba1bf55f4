package dev.preflight.rules.workload;

import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GD014: GuardDuty reads the exclusion tag through instance metadata, so a workload excluded with
 * {@code GuardDutyManaged=false} needs {@code InstanceMetadataTags: enabled} (default disabled; launch configurations
 * cannot enable it). Subject: the resource carrying the tag. Workloads without an exclusion get NOT_APPLICABLE on
 * themselves: there is no tag to read. Only the exact key and value count here; GD007 reports near misses.
 */
public final class ExclusionTagReadableRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD014")
            .title("Exclusion tag is readable")
            .severity(Severity.WARNING)
            .changesNoStatus("Exclusion not honoured: the instance shows as covered (or with agent issues) instead of "
                    + "Agent Not Provisioned (excluded)")
            .tags("ec2", "tags", "imds")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/prereq-runtime-monitoring-ec2-support.html")
            .build();

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext context) {
        Workloads ws = context.view(Workloads.class, Workloads::build);
        CarrierResults results = new CarrierResults();
        for (Workload w : ws.all()) {
            Optional<LaunchTag> managed = w.tag(ExclusionTagsIntentionalRule.KEY);
            String who = WorkloadValues.describe(w);
            if (managed.isEmpty()) {
                results.add(METADATA.notApplicable(Subject.of(w.resource()), "no GuardDutyManaged tag reaches " + who
                        + ": no exclusion tag to read"));
                continue;
            }
            LaunchTag tag = managed.get();
            Resource carrier = tag.carrier();
            String on = WorkloadValues.kindOf(carrier) + " " + carrier.displayName();
            List<RelatedLocation> related = new ArrayList<>();
            related.add(new RelatedLocation(carrier.id(), tag.location(), "GuardDutyManaged tag"));
            related.addAll(WorkloadValues.related(ws, w, w.instanceMetadataTags(), "MetadataOptions.InstanceMetadataTags"));
            if (!carrier.equals(w.resource())) {
                related.add(RelatedLocation.of(w.resource(), "the tag reaches the instances of " + w.id()));
            }
            results.add(Judgement.decide(METADATA, w, Subject.of(carrier), related, s -> {
                Value v = s.pick(tag.value());
                if (v.isAbsent()) {
                    return Judgement.notApplicable("no GuardDutyManaged tag reaches " + who
                            + ": no exclusion tag to read");
                }
                if (v.text().map(t -> !t.equals("false")).orElse(false)) {
                    return Judgement.notApplicable("GuardDutyManaged is '" + v.text().get() + "' on " + on
                            + ", not an exclusion (GD007 reports values other than true/false)");
                }
                if (v.text().isEmpty()) {
                    return Judgement.unknown("whether " + who + " is excluded is not known before deploy",
                            "GuardDutyManaged tag on " + on + ": " + WorkloadValues.whyUnknown(v));
                }
                String where = WorkloadValues.where(ws, w.instanceMetadataTags(), w);
                return judgeMetadataTags(where, w, who, on, s.pick(w.instanceMetadataTags()));
            }));
        }
        return results.results();
    }

    private static Judgement judgeMetadataTags(String where, Workload w, String who, String on, Value m) {
        if (m.isAbsent()) {
            boolean lc = w.launchTemplate() != null
                    && WorkloadValues.kindOf(w.launchTemplate()).equals("launch configuration");
            return Judgement.fail(who + " is excluded by GuardDutyManaged=false on " + on
                    + " but instance metadata tags are not enabled (InstanceMetadataTags defaults to disabled"
                    + (lc ? "; launch configuration " + w.launchTemplate().id() + " cannot enable them" : "")
                    + "): GuardDuty may not see the exclusion");
        }
        Optional<String> t = m.text();
        if (t.isEmpty()) {
            return Judgement.unknown(who + " is excluded by GuardDutyManaged=false on " + on
                            + "; whether instance metadata tags are enabled is not known before deploy",
                    "InstanceMetadataTags " + where + ": " + WorkloadValues.whyUnknown(m));
        }
        if (t.get().trim().toLowerCase(Locale.ROOT).equals("enabled")) {
            return Judgement.pass(who + " is excluded by GuardDutyManaged=false on " + on
                    + " and InstanceMetadataTags is enabled " + where + ": GuardDuty can read the exclusion");
        }
        return Judgement.fail(who + " is excluded by GuardDutyManaged=false on " + on
                + " but InstanceMetadataTags is '" + t.get() + "' " + where + ": GuardDuty may not see the exclusion");
    }
}
