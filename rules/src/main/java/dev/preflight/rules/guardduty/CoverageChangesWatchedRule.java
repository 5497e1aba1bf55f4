package dev.preflight.rules.guardduty;

import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.infra.guardduty.EventPattern;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;
import dev.preflight.policy.PolicyJson;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GD013: some EventBridge rule ({@code AWS::Events::Rule}, {@code aws_cloudwatch_event_rule}) matches
 * {@code source: aws.guardduty} with {@code detail-type: GuardDuty Runtime Protection Unhealthy}: enabled, on the
 * default event bus (where GuardDuty publishes), with a target. The pattern may be an object or a JSON string and use
 * content filters (prefix, wildcard, anything-but, ...).
 *
 * <p>Subject: each input that contains workloads (an input without workloads has no coverage to watch, so it gets
 * no result). A matching rule anywhere in the run counts for every input, as EventBridge rules are per account and
 * region, not per stack.
 */
public final class CoverageChangesWatchedRule implements Rule {
    static final String SOURCE = "aws.guardduty";
    static final String DETAIL_TYPE = "GuardDuty Runtime Protection Unhealthy";

    private static final RuleMetadata METADATA = RuleMetadata.rule("GD013")
            .title("Coverage changes are watched")
            .severity(Severity.INFO)
            .changesNoStatus("Unhealthy coverage unnoticed (any issue type)")
            .readsAcrossRun("AWS::Events::Rule", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target")
            .tags("monitoring", "eventbridge")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/gdu-assess-coverage-ec2.html")
            .build();

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    /** One EventBridge rule's reading. */
    private record Candidate(Resource rule, boolean watches, boolean unknown, String text) {
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        Workloads workloads = ctx.view(Workloads.class, Workloads::build);
        Set<String> inputs = new LinkedHashSet<>();
        for (Workload w : workloads.all()) {
            inputs.add(w.resource().input());
        }
        if (inputs.isEmpty()) {
            return List.of();
        }
        ResourceGraph g = ctx.graph();
        Set<ResourceKey> withTarget = new HashSet<>();
        // A target names its rule by reference or, when the name is known at plan time, by the name itself.
        java.util.Map<String, Resource> byName = new java.util.HashMap<>();
        for (Resource r : g.ofType("aws_cloudwatch_event_rule")) {
            Value n = r.property("name");
            if (!n.isAbsent() && n.isKnown()) {
                n.text().ifPresent(s -> byName.put(s, r));
            }
        }
        for (Resource t : g.ofType("aws_cloudwatch_event_target")) {
            Value rule = t.property("rule");
            Optional<Resource> target = g.target(rule);
            if (target.isEmpty() && !rule.isAbsent() && rule.isKnown()) {
                target = rule.text().map(byName::get);
            }
            target.ifPresent(r -> withTarget.add(r.key()));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Resource r : g.ofType("AWS::Events::Rule", "aws_cloudwatch_event_rule")) {
            candidates.add(read(r, withTarget.contains(r.key())));
        }
        Candidate watching = candidates.stream().filter(Candidate::watches).findFirst().orElse(null);
        Candidate undecided = candidates.stream().filter(Candidate::unknown).findFirst().orElse(null);
        List<RuleResult> out = new ArrayList<>();
        for (String input : inputs) {
            Subject subject = Subject.ofInput(input);
            if (watching != null) {
                out.add(METADATA.pass(subject, "EventBridge rule " + watching.rule().id() + " " + watching.text(),
                        RelatedLocation.of(watching.rule(), "rule watching coverage changes")));
            } else if (undecided != null) {
                out.add(METADATA.unknown(subject, "whether EventBridge rule " + undecided.rule().id()
                                + " watches \"" + DETAIL_TYPE + "\" events cannot be decided",
                        undecided.text(), RelatedLocation.of(undecided.rule(), "undecided rule")));
            } else {
                String seen = candidates.isEmpty() ? "the inputs define no EventBridge rule"
                        : String.join("; ", candidates.stream().map(c -> c.rule().id() + " " + c.text()).toList());
                out.add(METADATA.fail(subject, "no EventBridge rule of the run watches " + SOURCE + " \""
                        + DETAIL_TYPE + "\" events for the workloads of " + input + " (" + seen + ")"));
            }
        }
        return out;
    }

    private static Candidate read(Resource r, boolean tfTarget) {
        boolean tf = r.dialect() == Dialect.TERRAFORM;
        Value pattern = r.property(tf ? "event_pattern" : "EventPattern");
        if (pattern.isAbsent()) {
            return new Candidate(r, false, false, "has no event pattern (scheduled rule)");
        }
        if (!pattern.isKnown() && !(pattern instanceof Value.Struct)) {
            return new Candidate(r, false, true, "EventPattern is " + pattern.display());
        }
        Value p = pattern instanceof Value.Reference ref ? ref.resolved() : pattern;
        if (p instanceof Value.Text t) {
            try {
                p = PolicyJson.parse(t.value(), t.location());
            } catch (PolicyJson.SyntaxException e) {
                return new Candidate(r, false, false, "has an event pattern that is not valid JSON (" + e.getMessage() + ")");
            }
        }
        if (!(p instanceof Value.Struct s)) {
            return new Candidate(r, false, false, "has an event pattern that is not an object");
        }
        EventPattern.Match m = EventPattern.matches(s, Map.of("source", SOURCE, "detail-type", DETAIL_TYPE,
                "detail.resourceDetails.resourceType", "EC2"));
        if (!m.matches()) {
            return new Candidate(r, false, false, "does not match: " + m.mismatch());
        }
        String disabled = disabled(r, tf);
        if (disabled != null) {
            return disabled.startsWith("?") ? new Candidate(r, false, true, disabled.substring(1))
                    : new Candidate(r, false, false, "matches but " + disabled);
        }
        Value bus = r.property(tf ? "event_bus_name" : "EventBusName");
        if (!bus.isAbsent()) {
            if (!bus.isKnown() || bus.text().isEmpty()) {
                return new Candidate(r, false, true, "event bus is " + bus.display());
            }
            String b = bus.text().get();
            if (!b.equals("default") && !b.endsWith(":event-bus/default")) {
                return new Candidate(r, false, false, "matches but is on event bus " + b
                        + "; GuardDuty publishes on the default bus");
            }
        }
        boolean hasTarget = tf ? tfTarget : !r.property("Targets").isAbsent() && !r.property("Targets").items().isEmpty();
        if (!hasTarget) {
            Value targets = r.property("Targets");
            if (!tf && !targets.isAbsent() && !targets.isKnown()) {
                return new Candidate(r, false, true, "Targets is " + targets.display());
            }
            return new Candidate(r, false, false, "matches but has no target, so nobody is told");
        }
        String narrowed = m.undecidedFields().isEmpty() ? ""
                : " (narrowed by " + String.join(", ", m.undecidedFields()) + ")";
        return new Candidate(r, true, false, "matches " + SOURCE + " \"" + DETAIL_TYPE + "\" events" + narrowed);
    }

    /** Why the rule is disabled, "?why" when that cannot be decided, or null when enabled. */
    private static String disabled(Resource r, boolean tf) {
        Value state = r.property(tf ? "state" : "State");
        if (!state.isAbsent()) {
            if (!state.isKnown() || state.text().isEmpty()) {
                return "?State is " + state.display();
            }
            if (state.text().get().toUpperCase(Locale.ROOT).equals("DISABLED")) {
                return "is DISABLED";
            }
            return null;
        }
        if (tf) {
            Value enabled = r.property("is_enabled");
            if (!enabled.isAbsent() && enabled.bool().isPresent() && !enabled.bool().get()) {
                return "is disabled (is_enabled = false)";
            }
        }
        return null;
    }
}
