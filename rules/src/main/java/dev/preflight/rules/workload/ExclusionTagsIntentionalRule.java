package dev.preflight.rules.workload;

import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GD007: an exclusion tag ({@code GuardDutyManaged=false}) must be justified by a non-empty
 * {@code GuardDutyExclusionReason} tag (or a waiver, which the engine applies to this rule's failure). Near misses
 * that do not do what they look like fail at {@code warning}: a key that differs only in case or surrounding spaces,
 * and a value that is not exactly {@code true} or {@code false}.
 *
 * <p>Subject: the resource carrying the tag (instance, launch template or Auto Scaling group). A workload that no
 * {@code GuardDutyManaged} tag reaches gets a PASS on itself stating so: auditors get evidence that every workload
 * was checked for exclusions, and such a workload is covered in GuardDuty's default (exclusion) mode. Several
 * workloads sharing one carrier (two groups using one launch template) give one result, the worst.
 */
public final class ExclusionTagsIntentionalRule implements Rule {
    static final String KEY = "GuardDutyManaged";
    static final String REASON_KEY = "GuardDutyExclusionReason";

    static final RuleMetadata METADATA = RuleMetadata.rule("GD007")
            .title("Exclusion tags are intentional")
            .severity(Severity.ERROR)
            .excludes(ConsoleEffect.AGENT_NOT_PROVISIONED, "Instances with exclusion tags are excluded from Runtime Monitoring")
            .tags("ec2", "tags")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-ec2.html")
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
            judge(w, results);
        }
        return results.results();
    }

    private static void judge(Workload w, CarrierResults results) {
        Optional<LaunchTag> managed = w.tag(KEY);
        List<LaunchTag> nearKeys = nearMissKeys(w);
        String who = WorkloadValues.describe(w);
        Resource carrier = managed.map(LaunchTag::carrier)
                .orElse(nearKeys.isEmpty() ? w.resource() : nearKeys.get(0).carrier());
        List<RelatedLocation> related = new ArrayList<>();
        managed.ifPresent(t -> related.add(new RelatedLocation(t.carrier().id(), t.location(), KEY + " tag")));
        for (LaunchTag t : nearKeys) {
            related.add(new RelatedLocation(t.carrier().id(), t.location(), "tag key '" + t.key() + "'"));
        }
        if (!carrier.equals(w.resource())) {
            related.add(RelatedLocation.of(w.resource(), "the tag reaches the instances of " + w.id()));
        }
        Optional<LaunchTag> reason = w.tag(REASON_KEY);
        Value value = managed.map(LaunchTag::value).orElse(null);
        Value reasonValue = reason.map(LaunchTag::value).orElse(null);
        results.add(Judgement.decide(METADATA, w, Subject.of(carrier), related,
                s -> judgeValue(w, who, carrier, s.pick(value), s.pick(reasonValue), nearKeys)));
    }

    /** {@code v} and {@code rv}: the tag values in one scenario (null: the tag does not reach the instances). */
    private static Judgement judgeValue(Workload w, String who, Resource carrier, Value v, Value rv,
                                        List<LaunchTag> nearKeys) {
        String on = WorkloadValues.kindOf(carrier) + " " + carrier.displayName();
        if (v.isAbsent()) {
            if (!nearKeys.isEmpty()) {
                LaunchTag t = nearKeys.get(0);
                return Judgement.fail(Severity.WARNING, "tag key '" + t.key() + "' on " + on + " is not '" + KEY
                        + "' (keys are case-sensitive; surrounding spaces count): GuardDuty may ignore it, so "
                        + who + " would not be " + (isFalse(t.value()) ? "excluded" : "tagged") + " as intended");
            }
            if (w.hasUnknownTagKeys()) {
                LaunchTag u = w.tags().stream().filter(t -> t.key() == null).findFirst().orElseThrow();
                return Judgement.unknown("the tags that reach " + who + " are not all known, so whether it "
                        + "carries an exclusion tag cannot be decided", WorkloadValues.whyUnknown(u.value()));
            }
            return Judgement.pass("no " + KEY + " tag reaches " + who
                    + ": not excluded (covered when automated agent configuration is on)");
        }
        Optional<String> text = v.text();
        if (text.isEmpty()) {
            return Judgement.unknown("the value of the " + KEY + " tag on " + on + " is not known before deploy",
                    KEY + " tag on " + on + ": " + WorkloadValues.whyUnknown(v));
        }
        String s = text.get();
        if (s.equals("true")) {
            return nearKeyWarning(nearKeys, on, Judgement.pass(KEY + "=true on " + on + " includes " + who
                    + " (inclusion tag, not an exclusion)"));
        }
        if (!s.equals("false")) {
            String trimmed = s.trim().toLowerCase(Locale.ROOT);
            String looksLike = trimmed.equals("false") || trimmed.equals("no") || trimmed.equals("0")
                    || trimmed.equals("off") ? "an exclusion" : "a tag value";
            return Judgement.fail(Severity.WARNING, KEY + " on " + on + " has the value '" + s
                    + "', which is not exactly 'true' or 'false': it looks like " + looksLike
                    + " but GuardDuty may not honour it (tag values are case-sensitive)");
        }
        // An exclusion: justified by a non-empty reason tag that reaches the same instances.
        Judgement justified = justification(who, on, rv);
        return nearKeyWarning(nearKeys, on, justified);
    }

    private static Judgement justification(String who, String on, Value rv) {
        {
            if (rv.isAbsent()) {
                return Judgement.fail(who + " is excluded from Runtime Monitoring by " + KEY + "=false on " + on
                        + " without a " + REASON_KEY + " tag or a waiver with a reason");
            }
            Optional<String> rt = rv.text();
            if (rt.isEmpty()) {
                return Judgement.unknown(who + " is excluded by " + KEY + "=false on " + on
                                + "; whether its " + REASON_KEY + " tag is non-empty is not known before deploy",
                        REASON_KEY + " tag: " + WorkloadValues.whyUnknown(rv));
            }
            if (rt.get().isBlank()) {
                return Judgement.fail(who + " is excluded from Runtime Monitoring by " + KEY + "=false on " + on
                        + " and its " + REASON_KEY + " tag is empty");
            }
            return Judgement.pass(who + " is excluded intentionally by " + KEY + "=false on " + on + ": "
                    + REASON_KEY + " '" + rt.get() + "'");
        }
    }

    /** A near-miss key next to an otherwise passing tag still deserves the warning. */
    private static Judgement nearKeyWarning(List<LaunchTag> nearKeys, String on, Judgement o) {
        if (nearKeys.isEmpty() || o.verdict().badness() > dev.preflight.rule.Verdict.PASS.badness()) {
            return o;
        }
        LaunchTag t = nearKeys.get(0);
        return Judgement.fail(Severity.WARNING, "tag key '" + t.key() + "' on " + t.carrier().displayName()
                + " is not '" + KEY + "' (keys are case-sensitive; surrounding spaces count); " + o.message());
    }

    /** Keys that differ from GuardDutyManaged only in case or surrounding whitespace. */
    static List<LaunchTag> nearMissKeys(Workload w) {
        List<LaunchTag> out = new ArrayList<>();
        for (LaunchTag t : w.tags()) {
            if (t.key() != null && !t.key().equals(KEY) && t.key().trim().equalsIgnoreCase(KEY)) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean isFalse(Value v) {
        return v != null && v.text().map(s -> s.trim().equalsIgnoreCase("false")).orElse(false);
    }
}
