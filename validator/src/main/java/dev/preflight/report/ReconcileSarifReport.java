package dev.preflight.report;

import dev.preflight.engine.ReconcileOutcome;
import dev.preflight.engine.RunOutcome;
import dev.preflight.reconcile.InstanceReconciliation;
import dev.preflight.rule.RuleResult;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF for reconcile: only the findings that explain a console-Unhealthy instance, on their code lines, each
 * message naming the instances it explains. Written by {@link SarifReport} (rules, fingerprints, locations) over
 * an outcome that holds just those results.
 */
final class ReconcileSarifReport implements ReconcileReport {
    private final RepositoryRoot root;

    ReconcileSarifReport(RepositoryRoot root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "sarif";
    }

    @Override
    public void write(ReconcileOutcome o, Writer out) throws IOException {
        Map<RuleResult, List<String>> explained = new IdentityHashMap<>();
        Map<RuleResult, String> issue = new IdentityHashMap<>();
        List<RuleResult> order = new ArrayList<>();
        for (InstanceReconciliation r : o.reconciliation().instances()) {
            if (!r.consoleUnhealthy()) {
                continue;
            }
            for (RuleResult f : r.findings()) {
                if (r.explainedBy().contains(f.ruleId())) {
                    if (!explained.containsKey(f)) {
                        order.add(f);
                    }
                    explained.computeIfAbsent(f, k -> new ArrayList<>()).add(r.instanceId());
                    issue.putIfAbsent(f, r.issue().display());
                }
            }
        }
        Map<String, RuleResult> results = new LinkedHashMap<>();
        for (RuleResult f : order) {
            List<String> ids = explained.get(f);
            String msg = "explains the console's Unhealthy (" + issue.get(f) + ") of " + String.join(", ", ids) + ": " + f.message();
            results.put(f.ruleId() + "|" + f.subject().key(), f.withVerdict(f.verdict(), msg));
        }
        RunOutcome run = o.run();
        RunOutcome only = new RunOutcome(run.toolVersion(), run.startedAt(), run.inputs(), new ArrayList<>(results.values()),
                run.coverage(), run.rules(), run.failures(), run.faults());
        new SarifReport(root).write(only, out);
    }
}
