package dev.preflight.coverage;

import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.ResourceKey;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the verdicts into the status GuardDuty's console would show for each workload after deploy.
 * A workload's status is decided by the results about it and about what it depends on (its tag carriers,
 * its VPC, the data endpoint of its VPC, the SCPs and the detector of the run):
 * an exclusion tag makes it Excluded; a FAIL at error makes it Unhealthy with the console effect its rule declares
 * ({@link RuleMetadata#unhealthy(boolean)}: another one where GuardDuty reuses the customer's endpoint), the
 * earliest stage of GuardDuty's setup first; an UNKNOWN (unless the rule declares the assumption that stands in for
 * it) or a FAIL at warning makes it Unknown; otherwise Healthy. Everything per rule comes from the rules' metadata.
 * Waivers do not change reality: a waived failure still predicts Unhealthy (a justified exclusion still predicts
 * Excluded).
 */
public final class CoveragePredictor {
    private static final String INSTANCE_STATISTIC = "the statistic counts instances, as GuardDuty does: an Auto "
            + "Scaling group counts as its desired capacity (its minimum size when none is set; the range "
            + "minimum..maximum size when the capacity is not known before deploy)";

    private final Map<String, RuleMetadata> rules = new HashMap<>();

    private CoveragePredictor(List<RuleMetadata> rules) {
        for (RuleMetadata m : rules) {
            this.rules.putIfAbsent(m.id(), m);
        }
    }

    /** {@code rules}: the metadata of the rules (and tools) whose results these are. */
    public static CoverageReport predict(RuleContext context, List<RuleMetadata> rules, List<RuleResult> results) {
        return new CoveragePredictor(rules).predict(context, results);
    }

    private CoverageReport predict(RuleContext context, List<RuleResult> results) {
        List<Workload> workloads = context.view(Workloads.class, Workloads::build).all();
        WorkloadScopes scopes = WorkloadScopes.of(context, workloads);
        Map<ResourceKey, List<RuleResult>> bySubject = new HashMap<>();
        List<RuleResult> runWide = new ArrayList<>();
        ScpReach reach = new ScpReach(context);
        for (RuleResult r : results) {
            RuleMetadata m = rules.get(r.ruleId());
            // a rule that reads across the run and changes a console status decides about every workload
            if (m != null && m.readsAcrossRun() && m.unhealthy() != null) {
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
        List<String> assumptions = new ArrayList<>();
        rules.values().stream().sorted(Comparator.comparing(RuleMetadata::id)).map(RuleMetadata::assumedWhenUnknown)
                .filter(a -> a != null).forEach(assumptions::add);
        assumptions.add(INSTANCE_STATISTIC);
        return CoverageReport.of(out, assumptions);
    }

    private WorkloadCoverage decide(Workload w, List<RuleResult> relevant) {
        Subject subject = Subject.of(w.resource());
        InstanceCount instances = InstanceCount.of(w);
        if (excluded(w)) {
            List<RuleMetadata> deciding = rules.values().stream().filter(m -> m.excludes() != null)
                    .sorted(Comparator.comparing(RuleMetadata::id)).toList();
            ConsoleEffect effect = deciding.isEmpty()
                    ? new ConsoleEffect(ConsoleEffect.AGENT_NOT_PROVISIONED, null, ConsoleEffect.Stage.PROVISIONING)
                    : deciding.get(0).excludes();
            List<String> ids = deciding.stream().map(RuleMetadata::id).toList();
            List<RuleResult> tagResults = relevant.stream().filter(r -> ids.contains(r.ruleId())).toList();
            return new WorkloadCoverage(subject, ConsoleStatus.EXCLUDED, effect.issueType(),
                    "GuardDutyManaged=false: instances with exclusion tags are excluded from Runtime Monitoring",
                    ids, instances, tagResults);
        }
        boolean customerEndpoint = relevant.stream().anyMatch(this::showsCustomerEndpoint);
        Map<String, Deciding> errors = new HashMap<>();
        Map<String, Deciding> doubts = new HashMap<>();
        for (RuleResult r : relevant) {
            RuleMetadata m = rules.get(r.ruleId());
            ConsoleEffect effect = m == null ? null : m.unhealthy(customerEndpoint);
            if (r.verdict() == Verdict.FAIL && r.severity() == Severity.ERROR && effect != null) {
                errors.putIfAbsent(r.ruleId(), new Deciding(r, effect));
            } else if ((r.verdict() == Verdict.UNKNOWN && (m == null || m.assumedWhenUnknown() == null))
                    || (r.verdict() == Verdict.FAIL && r.severity() == Severity.WARNING && effect != null)) {
                doubts.putIfAbsent(r.ruleId(), new Deciding(r, effect));
            }
        }
        if (!errors.isEmpty()) {
            List<Deciding> d = ordered(errors);
            Deciding first = d.get(0);
            return new WorkloadCoverage(subject, ConsoleStatus.UNHEALTHY, first.effect().issueType(),
                    first.result().ruleId() + ": " + first.result().message(), ids(d), instances, results(d), issues(d));
        }
        if (!doubts.isEmpty()) {
            List<Deciding> d = ordered(doubts);
            RuleResult first = d.get(0).result();
            return new WorkloadCoverage(subject, ConsoleStatus.UNKNOWN, null,
                    first.ruleId() + ": " + (first.reason() != null ? first.reason() : first.message()),
                    ids(d), instances, results(d), issues(d));
        }
        return new WorkloadCoverage(subject, ConsoleStatus.HEALTHY, null, "every prerequisite checked passes", List.of(), instances);
    }

    /** A PASS or FAIL about a customer's guardduty-data endpoint: GuardDuty reuses it, creating none of its own. */
    private boolean showsCustomerEndpoint(RuleResult r) {
        RuleMetadata m = rules.get(r.ruleId());
        return m != null && m.judgesCustomerEndpoints() && (r.verdict() == Verdict.PASS || r.verdict() == Verdict.FAIL);
    }

    /** A deciding result and what it makes the console show (null: no status of its own, an UNKNOWN's doubt). */
    private record Deciding(RuleResult result, ConsoleEffect effect) {
    }

    /** The earliest stage of GuardDuty's setup first (the issue the console shows), then by rule id. */
    private static List<Deciding> ordered(Map<String, Deciding> byRule) {
        return byRule.values().stream().sorted(Comparator
                .comparingInt((Deciding d) -> d.effect() == null ? ConsoleEffect.Stage.values().length : d.effect().stage().ordinal())
                .thenComparing(d -> d.result().ruleId())).toList();
    }

    private static List<String> ids(List<Deciding> d) {
        return d.stream().map(x -> x.result().ruleId()).toList();
    }

    private static List<RuleResult> results(List<Deciding> d) {
        return d.stream().map(Deciding::result).toList();
    }

    private static Map<String, String> issues(List<Deciding> d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Deciding x : d) {
            if (x.effect() != null) {
                out.put(x.result().ruleId(), x.effect().issueType());
            }
        }
        return out;
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
