package dev.preflight.reconcile;

import dev.preflight.coverage.ConsoleStatus;
import dev.preflight.coverage.CoverageReport;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.ResourceKey;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets the console's coverage of each instance beside the prediction for the workload that makes it. An Unhealthy
 * instance is explained by the deciding findings whose console issue type is the console's; when the code does not
 * explain the console (or the code does not make the instance) the entry says what Preflight could not see, from
 * the troubleshooting table, and never turns that into a finding.
 */
public final class Reconciler {
    private static final Set<String> GONE = Set.of("terminated", "shutting-down");
    /** Rules about the VPC-endpoint path, which a link-local connection (prerequisites 1.5) would bypass. */
    private static final Set<String> ENDPOINT_PATH = Set.of("GD001", "GD002", "GD003", "GD004", "GD005");

    private Reconciler() {
    }

    public static Reconciliation reconcile(RuleContext context, CoverageReport coverage, AccountState account) {
        List<String> problems = new ArrayList<>();
        List<ConsoleResource> outside = new ArrayList<>();
        Map<String, ConsoleResource> console = new LinkedHashMap<>();
        for (ConsoleResource c : account.coverage()) {
            if (!c.ec2()) {
                outside.add(c);
                continue;
            }
            String id = c.ec2InstanceId();
            if (id == null) {
                problems.add(c.source() + ": an EC2 coverage resource without an instance id; skipped");
                continue;
            }
            ConsoleResource first = console.putIfAbsent(id, c);
            if (first != null) {
                problems.add(c.source() + ": instance " + id + " is listed again (first in " + first.source()
                        + "); the first entry is used");
            }
        }
        if (account.event() != null && account.event().resource().ec2()) {
            ConsoleResource e = account.event().resource();
            // the event is given to explain this instance: its status is the one to reconcile
            console.put(e.ec2InstanceId(), e);
        } else if (account.event() != null) {
            outside.add(account.event().resource());
        }
        Map<String, RunningInstance> instances = new LinkedHashMap<>();
        for (RunningInstance i : account.instances()) {
            RunningInstance first = instances.putIfAbsent(i.instanceId(), i);
            if (first != null) {
                problems.add(i.source() + ": instance " + i.instanceId() + " is described again (first in "
                        + first.source() + "); the first is used");
            }
        }

        List<Workload> workloads = context.view(Workloads.class, Workloads::build).all();
        Map<ResourceKey, WorkloadCoverage> predictions = new HashMap<>();
        for (WorkloadCoverage w : coverage.workloads()) {
            predictions.put(w.workload().key(), w);
        }
        InstanceLinks links = new InstanceLinks(workloads, account);
        List<InstanceReconciliation> out = new ArrayList<>();
        for (Map.Entry<String, ConsoleResource> e : console.entrySet()) {
            RunningInstance described = instances.get(e.getKey());
            if (described == null) {
                problems.add(e.getValue().source() + ": instance " + e.getKey() + " is in the coverage list but not in "
                        + "describe-instances; save describe-instances of the same account and Region (--instances)");
            }
            InstanceLinks.Link link = links.link(e.getKey(), described);
            WorkloadCoverage predicted = link.workload() == null ? null : predictions.get(link.workload().resource().key());
            out.add(decide(e.getKey(), e.getValue(), link, predicted));
        }
        for (RunningInstance i : instances.values()) {
            if (console.containsKey(i.instanceId()) || (i.state() != null && GONE.contains(i.state()))) {
                continue;
            }
            InstanceLinks.Link link = links.link(i.instanceId(), i);
            if (link.workload() != null) {
                out.add(decide(i.instanceId(), null, link, predictions.get(link.workload().resource().key())));
            }
        }
        out.sort(Comparator.comparing((InstanceReconciliation r) -> r.workload() == null)
                .thenComparing(r -> r.workload() == null ? "" : r.workload().location().file())
                .thenComparingInt(r -> r.workload() == null ? 0 : r.workload().location().line())
                .thenComparing(InstanceReconciliation::instanceId));
        return new Reconciliation(out, outside, summarize(out, outside.size()), problems);
    }

    private static InstanceReconciliation decide(String id, ConsoleResource c, InstanceLinks.Link link, WorkloadCoverage p) {
        ConsoleIssue issue = ConsoleIssue.parse(c == null ? null : c.issue());
        String management = c == null ? null : c.managementType();
        if (link.workload() == null || p == null) {
            String how = link.workload() == null ? link.how() : link.how() + " (no prediction for it)";
            return new InstanceReconciliation(id, c, issue, null, how, null, null, null, List.of(), List.of(),
                    Agreement.NOT_FROM_CODE, List.of(Unseen.NOT_FROM_CODE));
        }
        String predicted = p.status().label();
        List<RuleResult> findings = new ArrayList<>(p.findings());
        if (c == null) {
            return new InstanceReconciliation(id, null, issue, p.workload(), link.how(), predicted, p.issueType(),
                    p.explanation(), findings, List.of(), Agreement.NOT_IN_CONSOLE, List.of());
        }
        List<String> explainedBy = new ArrayList<>();
        List<Unseen> unseen = new ArrayList<>();
        Agreement agreement;
        if (c.healthy()) {
            switch (p.status()) {
                case HEALTHY -> agreement = Agreement.MATCH;
                case UNKNOWN -> agreement = Agreement.UNDECIDED;
                case EXCLUDED -> {
                    agreement = Agreement.MISMATCH;
                    unseen.add(Unseen.EXCLUSION_NOT_HONOURED);
                }
                default -> {
                    agreement = Agreement.MISMATCH;
                    unseen.add(Unseen.CHANGE_OUTSIDE_CODE);
                    if (p.decidingRules().stream().anyMatch(ENDPOINT_PATH::contains)) {
                        unseen.add(Unseen.LINK_LOCAL_PATH);
                    }
                    if (findings.stream().anyMatch(RuleResult::waived)) {
                        unseen.add(Unseen.WAIVED_RISK);
                    }
                }
            }
        } else {
            // a FAIL (at any severity: GD010's warning explains "Waiting for SSM notification") whose console issue is
            // this one explains it; an UNKNOWN never does
            if (p.status() != ConsoleStatus.EXCLUDED) {
                for (RuleResult r : findings) {
                    if (r.verdict() == Verdict.FAIL && issue.explainedBy(r.ruleId(), p.issueOf(r.ruleId()))
                            && !explainedBy.contains(r.ruleId())) {
                        explainedBy.add(r.ruleId());
                    }
                }
            }
            switch (p.status()) {
                case UNHEALTHY -> {
                    agreement = issue.type() != null && issue.type().equals(p.issueType()) ? Agreement.MATCH : Agreement.ISSUE_DIFFERS;
                    if (explainedBy.isEmpty()) {
                        unseen.addAll(issue.unseen(management));
                    }
                }
                case EXCLUDED -> {
                    if (issue.exclusion()) {
                        agreement = Agreement.MATCH;
                        explainedBy.add("GD007");
                    } else {
                        agreement = issue.type() != null && issue.type().equals(p.issueType()) ? Agreement.ISSUE_DIFFERS : Agreement.MISMATCH;
                        unseen.add(Unseen.EXCLUSION_NOT_HONOURED);
                        unseen.addAll(issue.unseen(management));
                    }
                }
                case UNKNOWN -> {
                    agreement = Agreement.UNDECIDED;
                    if (explainedBy.isEmpty()) {
                        unseen.addAll(issue.unseen(management));
                    }
                }
                default -> {
                    agreement = Agreement.MISMATCH;
                    unseen.addAll(issue.unseen(management));
                    if (!unseen.contains(Unseen.CHANGE_OUTSIDE_CODE)) {
                        unseen.add(Unseen.CHANGE_OUTSIDE_CODE);
                    }
                }
            }
        }
        // the findings that explain the console's issue come first
        findings.sort(Comparator.comparing((RuleResult r) -> !explainedBy.contains(r.ruleId())));
        return new InstanceReconciliation(id, c, issue, p.workload(), link.how(), predicted, p.issueType(),
                p.explanation(), findings, explainedBy, agreement, unseen.stream().distinct().toList());
    }

    private static ReconcileSummary summarize(List<InstanceReconciliation> all, int outside) {
        int instances = 0, fromCode = 0, consoleHealthy = 0, healthyFromCode = 0, pHealthy = 0, pUnhealthy = 0,
                pExcluded = 0, pUnknown = 0, healthyRight = 0, unhealthyRight = 0, issueRight = 0, unhealthyFromCode = 0,
                explained = 0, notInConsole = 0;
        for (InstanceReconciliation r : all) {
            if (r.console() == null) {
                notInConsole++;
                continue;
            }
            instances++;
            boolean healthy = r.console().healthy();
            if (healthy) {
                consoleHealthy++;
            }
            if (r.workload() == null || r.predictedStatus() == null) {
                continue;
            }
            fromCode++;
            switch (r.predictedStatus()) {
                case "Healthy" -> pHealthy++;
                case "Unhealthy" -> pUnhealthy++;
                case "Excluded" -> pExcluded++;
                default -> pUnknown++;
            }
            if (healthy) {
                healthyFromCode++;
                if ("Healthy".equals(r.predictedStatus())) {
                    healthyRight++;
                }
            } else {
                unhealthyFromCode++;
                boolean predictedDown = r.predictedStatus().equals(ConsoleStatus.UNHEALTHY.label())
                        || (r.predictedStatus().equals(ConsoleStatus.EXCLUDED.label()) && r.issue().exclusion());
                if (predictedDown) {
                    unhealthyRight++;
                }
                if (r.agreement() == Agreement.MATCH) {
                    issueRight++;
                }
                if (!r.explainedBy().isEmpty() && r.findings().stream().anyMatch(f -> f.verdict() != Verdict.UNKNOWN)) {
                    explained++;
                }
            }
        }
        return new ReconcileSummary(instances, fromCode, consoleHealthy, healthyFromCode, pHealthy, pUnhealthy, pExcluded,
                pUnknown, healthyRight, unhealthyRight, issueRight, unhealthyFromCode, explained, outside, notInConsole);
    }
}
