package dev.preflight.report;

import dev.preflight.engine.ReconcileOutcome;
import dev.preflight.reconcile.InstanceReconciliation;
import dev.preflight.reconcile.ReconcileSummary;
import dev.preflight.reconcile.Unseen;
import dev.preflight.rule.RuleResult;

import java.io.IOException;
import java.io.Writer;

/**
 * The reconciliation as Markdown (an issue or pull-request comment): the figures, a table of instances, and per
 * instance that the code does not explain, or that a finding explains, the details in a collapsible section.
 * Text from the inputs is made inert ({@link MarkdownText}).
 */
final class ReconcileMarkdownReport implements ReconcileReport {
    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public void write(ReconcileOutcome o, Writer out) throws IOException {
        StringBuilder b = new StringBuilder("## Preflight reconciliation: the GuardDuty console beside the code\n\n");
        ReconcileSummary s = o.reconciliation().summary();
        b.append("| | |\n|---|---|\n");
        b.append("| Console coverage | ").append(ReconcileReports.percent(ReconcileSummary.percent(s.consoleHealthy(), s.instances())))
                .append(" (").append(s.consoleHealthy()).append(" of ").append(s.instances()).append(" instances healthy; ")
                .append(s.fromCode()).append(" made by the code) |\n");
        b.append("| Predicted, same ").append(s.fromCode()).append(" instances | ")
                .append(ReconcileReports.percent(ReconcileSummary.percent(s.predictedHealthy(), s.fromCode())))
                .append(" (console for them: ").append(ReconcileReports.percent(ReconcileSummary.percent(s.consoleHealthyFromCode(), s.fromCode())))
                .append(") |\n");
        b.append("| Predictions right | ").append(s.right()).append(" of ").append(s.fromCode()).append(" (Healthy ")
                .append(s.healthyRight()).append(" of ").append(s.consoleHealthyFromCode()).append(", Unhealthy ")
                .append(s.unhealthyRight()).append(" of ").append(s.unhealthyFromCode()).append(") |\n");
        b.append("| Unhealthy explained by a finding | ").append(s.unhealthyExplained()).append(" of ").append(s.unhealthyFromCode()).append(" |\n\n");
        b.append("| instance | workload | console | predicted | verdict |\n|---|---|---|---|---|\n");
        for (InstanceReconciliation r : o.reconciliation().instances()) {
            b.append("| ").append(MarkdownText.code(r.instanceId())).append(" | ")
                    .append(r.workload() == null ? "not made by the code" : MarkdownText.code(r.workload().id()) + " "
                            + MarkdownText.inline(r.workload().location().toString()))
                    .append(" | ").append(MarkdownText.inline(ReconcileReports.consoleLabel(r))).append(" | ")
                    .append(MarkdownText.inline(ReconcileReports.predictedLabel(r))).append(" | ")
                    .append(MarkdownText.inline(ReconcileReports.verdict(r))).append(" |\n");
        }
        b.append('\n');
        for (InstanceReconciliation r : o.reconciliation().instances()) {
            if (r.findings().isEmpty() && r.unseen().isEmpty()) {
                continue;
            }
            b.append("<details><summary>").append(MarkdownText.code(r.instanceId())).append(": ")
                    .append(MarkdownText.inline(ReconcileReports.verdict(r))).append("</summary>\n\n");
            b.append("Linked by: ").append(MarkdownText.inline(r.link())).append("\n\n");
            for (RuleResult f : r.findings()) {
                b.append("- **").append(f.ruleId()).append("** ").append(f.verdict()).append(" ")
                        .append(MarkdownText.inline(f.subject().location().toString())).append(": ")
                        .append(MarkdownText.inline(f.reason() != null ? f.reason() : f.message()));
                String fix = r.explainedBy().contains(f.ruleId()) ? ReconcileReports.fix(f, o.run().rules()) : null;
                if (fix != null) {
                    b.append("<br>Fix: ").append(MarkdownText.inline(fix));
                }
                b.append('\n');
            }
            for (Unseen u : r.unseen()) {
                b.append("- Not visible to Preflight (").append(MarkdownText.code(u.code())).append("): ")
                        .append(MarkdownText.inline(u.hint())).append('\n');
            }
            b.append("\n</details>\n\n");
        }
        if (!o.errors().isEmpty()) {
            b.append("### Errors\n\n");
            o.errors().forEach(e -> b.append("- ").append(MarkdownText.inline(e)).append('\n'));
        }
        out.write(b.toString());
    }
}
