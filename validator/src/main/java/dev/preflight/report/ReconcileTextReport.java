package dev.preflight.report;

import dev.preflight.engine.ReconcileOutcome;
import dev.preflight.reconcile.ConsoleResource;
import dev.preflight.reconcile.InstanceReconciliation;
import dev.preflight.reconcile.ReconcileSummary;
import dev.preflight.reconcile.Unseen;
import dev.preflight.rule.RuleResult;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconciliation for a terminal: per instance the console beside the prediction, the deciding findings
 * (rule, file:line, message, fix) or what Preflight could not see, then the figures and the bad-input lines.
 */
final class ReconcileTextReport implements ReconcileReport {
    @Override
    public String name() {
        return "text";
    }

    @Override
    public void write(ReconcileOutcome o, Writer out) throws IOException {
        StringBuilder b = new StringBuilder();
        List<InstanceReconciliation> all = o.reconciliation().instances();
        for (int at = 0; at < all.size(); ) {
            // instances of one workload that the console and the code see alike (an Auto Scaling group) are one block
            InstanceReconciliation r = all.get(at);
            List<String> ids = new ArrayList<>(List.of(r.instanceId()));
            at++;
            while (at < all.size() && alike(r, all.get(at))) {
                ids.add(all.get(at++).instanceId());
            }
            b.append(String.join(", ", ids)).append("  ");
            if (r.workload() != null) {
                b.append(r.workload().id()).append("  ").append(r.workload().location());
            } else {
                b.append("not made by the code");
            }
            b.append('\n');
            b.append("  console    ").append(ReconcileReports.consoleLabel(r)).append('\n');
            b.append("  predicted  ").append(ReconcileReports.predictedLabel(r)).append('\n');
            b.append("  verdict    ").append(ReconcileReports.verdict(r)).append('\n');
            b.append("  linked by  ").append(r.link()).append('\n');
            for (RuleResult f : r.findings()) {
                b.append("  ").append(f.ruleId()).append("  ").append(f.verdict()).append("  ")
                        .append(f.subject().location()).append("  ").append(f.subject().id()).append(": ")
                        .append(f.verdict().name().equals("UNKNOWN") && f.reason() != null ? f.reason() : f.message())
                        .append('\n');
                String fix = ReconcileReports.fix(f, o.run().rules());
                if (fix != null && r.explainedBy().contains(f.ruleId())) {
                    b.append("         fix: ").append(fix.strip().replace("\n", " ")).append('\n');
                }
            }
            for (Unseen u : r.unseen()) {
                b.append("  not visible to Preflight (").append(u.code()).append("): ").append(u.hint()).append('\n');
            }
            b.append('\n');
        }
        for (ConsoleResource c : o.reconciliation().outsideCheck()) {
            b.append(c.resourceId()).append("  ").append(c.resourceType()).append("  ").append(c.statusLabel())
                    .append(c.issue() == null || c.issue().isBlank() ? "" : " (" + c.issue() + ")")
                    .append("  outside this check (").append(c.resourceType()).append(" coverage is reported per cluster)\n");
        }
        ReconcileSummary s = o.reconciliation().summary();
        b.append("Console coverage: ").append(ReconcileReports.percent(ReconcileSummary.percent(s.consoleHealthy(), s.instances())))
                .append(" (").append(s.consoleHealthy()).append(" of ").append(s.instances()).append(" instances healthy); ")
                .append(s.fromCode()).append(" made by the code, ").append(s.notFromCode()).append(" not")
                .append(s.outsideCheck() > 0 ? "; " + s.outsideCheck() + " EKS/ECS resources outside this check" : "")
                .append('\n');
        b.append("Predicted for the same ").append(s.fromCode()).append(" instances: ")
                .append(ReconcileReports.percent(ReconcileSummary.percent(s.predictedHealthy(), s.fromCode())))
                .append(" (").append(s.predictedHealthy()).append(" healthy, ").append(s.predictedUnhealthy()).append(" unhealthy, ")
                .append(s.predictedExcluded()).append(" excluded, ").append(s.predictedUnknown()).append(" unknown); console: ")
                .append(ReconcileReports.percent(ReconcileSummary.percent(s.consoleHealthyFromCode(), s.fromCode())))
                .append('\n');
        b.append("Predictions right: ").append(s.right()).append(" of ").append(s.fromCode())
                .append(" (Healthy ").append(s.healthyRight()).append(" of ").append(s.consoleHealthyFromCode())
                .append(", Unhealthy ").append(s.unhealthyRight()).append(" of ").append(s.unhealthyFromCode())
                .append("; same issue type ").append(s.issueRight()).append(" of ").append(s.unhealthyFromCode()).append(")\n");
        b.append("Unhealthy instances explained by a finding: ").append(s.unhealthyExplained()).append(" of ")
                .append(s.unhealthyFromCode()).append('\n');
        if (s.notInConsole() > 0) {
            b.append(s.notInConsole()).append(" instances made by the code are not in the coverage list\n");
        }
        for (String e : o.errors()) {
            b.append("error: ").append(e).append('\n');
        }
        out.write(safe(b.toString()));
    }

    private static boolean alike(InstanceReconciliation a, InstanceReconciliation b) {
        return a.workload() != null && b.workload() != null && a.workload().key().equals(b.workload().key())
                && ReconcileReports.consoleLabel(a).equals(ReconcileReports.consoleLabel(b))
                && a.agreement() == b.agreement() && a.explainedBy().equals(b.explainedBy()) && a.unseen().equals(b.unseen())
                && a.link().equals(b.link());
    }

    /** Control characters from the account files or inputs (ANSI escapes) are shown, not obeyed, by the terminal. */
    private static String safe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))) {
                b.appendCodePoint(c);
            } else {
                b.append(String.format("\\u%04x", c));
            }
        });
        return b.toString();
    }
}
