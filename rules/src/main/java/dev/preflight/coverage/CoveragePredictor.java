package dev.preflight.coverage;

import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.ResourceKey;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the verdicts into the status GuardDuty's console would show for each workload after deploy.
 * A workload's status is decided by the results about it and about what it depends on (its tag carriers,
 * its VPC, the data endpoint of its VPC, the SCPs and the detector of the run):
 * an exclusion tag makes it Excluded; a FAIL at error makes it Unhealthy with the console issue type of that
 * rule; an UNKNOWN or a FAIL at warning makes it Unknown; otherwise Healthy. Waivers do not change reality:
 * a waived failure still predicts Unhealthy (a justified exclusion still predicts Excluded).
 */
public final class CoveragePredictor {
    /** The console issue type each rule's failure leads to (rules.md "Coverage prediction"; prerequisites 7.2). */
    private static final Map<String, String> ISSUE_TYPES = Map.ofEntries(
            Map.entry("GD001", "VPC Endpoint Creation Failed"),
            Map.entry("GD002", "No Agent Reporting"),
            Map.entry("GD003", "No Agent Reporting"),
            Map.entry("GD004", "No Agent Reporting"),
            Map.entry("GD005", "No Agent Reporting"),
            Map.entry("GD006", "No Agent Reporting"),
            Map.entry("GD008", "No Agent Reporting"),
            Map.entry("GD009", "Agent Not Provisioned"),
            Map.entry("GD010", "No Agent Reporting"),
            Map.entry("GD011", "Agent Not Provisioned"),
            Map.entry("GD012", "Agent Not Provisioned"));

    /**
     * Rules whose UNKNOWN the prediction resolves by its stated assumption instead (no detector in the inputs:
     * Runtime Monitoring is assumed on, see {@link #predict}); a FAIL of theirs still counts.
     */
    private static final Set<String> ASSUMED = Set.of("GD011");

    /**
     * Which failure the console would show first when several apply: nothing is provisioned without Runtime
     * Monitoring or on an unsupported OS, an endpoint that cannot be created comes before one that cannot be reached.
     */
    private static final List<String> PRIORITY = List.of("GD011", "GD012", "GD009", "GD001", "GD005", "GD008",
            "GD006", "GD002", "GD003", "GD004", "GD010", "GD007", "GD014", "GD013");
    private static final Comparator<String> BY_PRIORITY = Comparator
            .comparingInt((String id) -> PRIORITY.indexOf(id) < 0 ? PRIORITY.size() : PRIORITY.indexOf(id))
            .thenComparing(Comparator.naturalOrder());

    /** Rules whose results are about the whole run (every workload depends on them). */
    private static final Set<String> RUN_WIDE = Set.of("GD008", "GD011");

    private CoveragePredictor() {
    }

    /** The console issue type a FAIL of this rule leads to, or null when it leads to none. */
    public static String issueType(String ruleId) {
        return ISSUE_TYPES.get(ruleId);
    }

    public static CoverageReport predict(RuleContext context, List<RuleResult> results) {
        List<Workload> workloads = context.view(Workloads.class, Workloads::build).all();
        WorkloadScopes scopes = WorkloadScopes.of(context, workloads);
        Map<ResourceKey, List<RuleResult>> bySubject = new HashMap<>();
        List<RuleResult> runWide = new ArrayList<>();
        ScpReach reach = new ScpReach(context);
        for (RuleResult r : results) {
            if (RUN_WIDE.contains(r.ruleId())) {
                runWide.add(reach.scoped(r));
            } else {
                bySubject.computeIfAbsent(r.subject().key(), k -> new ArrayList<>()).add(r);
            }
        }
        List<WorkloadCoverage> out = new ArrayList<>();
        for (Workload w : workloads) {
            List<RuleResult> relevant = new ArrayList<>();
            for (ResourceKey k : scopes.keysFor(w)) {
                relevant.addAll(bySubject.getOrDefault(k, List.of()));
            }
            for (RuleResult r : runWide) {
                // a run-wide result that names the workloads it concerns decides only about them
                if (r.scope().isEmpty() || r.scope().contains(w.resource().key())) {
                    relevant.add(r);
                }
            }
            out.add(decide(w, relevant));
        }
        List<String> assumptions = List.of(
                "Runtime Monitoring and automated agent configuration are enabled in the account unless a detector in the inputs says otherwise",
                "the statistic counts instances, as GuardDuty does: an Auto Scaling group counts as its desired capacity "
                        + "(its minimum size when none is set; the range minimum..maximum size when the capacity is not known before deploy)");
        return CoverageReport.of(out, assumptions);
    }

    private static WorkloadCoverage decide(Workload w, List<RuleResult> relevant) {
        Subject subject = Subject.of(w.resource());
        InstanceCount instances = InstanceCount.of(w);
        if (excluded(w)) {
            List<RuleResult> tagResults = relevant.stream().filter(r -> r.ruleId().equals("GD007")).toList();
            return new WorkloadCoverage(subject, ConsoleStatus.EXCLUDED, "Agent Not Provisioned",
                    "GuardDutyManaged=false: instances with exclusion tags are excluded from Runtime Monitoring",
                    List.of("GD007"), instances, tagResults);
        }
        Map<String, RuleResult> errors = new TreeMap<>(BY_PRIORITY);
        Map<String, RuleResult> doubts = new TreeMap<>(BY_PRIORITY);
        for (RuleResult r : relevant) {
            boolean failError = r.verdict() == Verdict.FAIL && r.severity() == Severity.ERROR;
            if (failError && ISSUE_TYPES.containsKey(r.ruleId())) {
                errors.putIfAbsent(r.ruleId(), r);
            } else if ((r.verdict() == Verdict.UNKNOWN && !ASSUMED.contains(r.ruleId()))
                    || (r.verdict() == Verdict.FAIL && r.severity() == Severity.WARNING && ISSUE_TYPES.containsKey(r.ruleId()))) {
                doubts.putIfAbsent(r.ruleId(), r);
            }
        }
        if (!errors.isEmpty()) {
            RuleResult first = errors.values().iterator().next();
            return new WorkloadCoverage(subject, ConsoleStatus.UNHEALTHY, ISSUE_TYPES.get(first.ruleId()),
                    first.ruleId() + ": " + first.message(), new ArrayList<>(errors.keySet()), instances,
                    new ArrayList<>(errors.values()));
        }
        if (!doubts.isEmpty()) {
            RuleResult first = doubts.values().iterator().next();
            return new WorkloadCoverage(subject, ConsoleStatus.UNKNOWN, null,
                    first.ruleId() + ": " + (first.reason() != null ? first.reason() : first.message()),
                    new ArrayList<>(doubts.keySet()), instances, new ArrayList<>(doubts.values()));
        }
        return new WorkloadCoverage(subject, ConsoleStatus.HEALTHY, null, "every prerequisite checked passes", List.of(), instances);
    }

    /** Exactly {@code GuardDutyManaged=false} on a tag that reaches the instance (near misses do not exclude). */
    private static boolean excluded(Workload w) {
        for (LaunchTag t : w.tags()) {
            if ("GuardDutyManaged".equals(t.key()) && t.value() != null
                    && t.value().text().map("false"::equals).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** Which result subjects a workload depends on. */
    static final class WorkloadScopes {
        private final Map<ResourceKey, Set<ResourceKey>> keys = new HashMap<>();

        static WorkloadScopes of(RuleContext context, List<Workload> workloads) {
            WorkloadScopes s = new WorkloadScopes();
            NetworkDependencies network = NetworkDependencies.of(context);
            for (Workload w : workloads) {
                Set<ResourceKey> k = new HashSet<>();
                k.add(w.resource().key());
                if (w.launchTemplate() != null) {
                    k.add(w.launchTemplate().key());
                }
                for (LaunchTag t : w.tags()) {
                    if (t.carrier() != null) {
                        k.add(t.carrier().key());
                    }
                }
                k.addAll(network.of(w));
                s.keys.put(w.resource().key(), k);
            }
            return s;
        }

        Set<ResourceKey> keysFor(Workload w) {
            return keys.getOrDefault(w.resource().key(), Set.of());
        }
    }
}
