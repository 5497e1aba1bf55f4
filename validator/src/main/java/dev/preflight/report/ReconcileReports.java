package dev.preflight.report;

import dev.preflight.reconcile.InstanceReconciliation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The formats {@code preflight reconcile --format} accepts, and what they share. */
public final class ReconcileReports {
    public record Options(boolean color, boolean showPasses, Path workingDirectory) {
    }

    private ReconcileReports() {
    }

    public static List<String> names() {
        return List.of("text", "json", "markdown", "html", "sarif");
    }

    public static Optional<ReconcileReport> create(String name, Options options) {
        return switch (name) {
            case "text" -> Optional.of(new ReconcileTextReport());
            case "json" -> Optional.of(new ReconcileJsonReport());
            case "markdown" -> Optional.of(new ReconcileMarkdownReport());
            case "html" -> Optional.of(new ReconcileHtmlReport());
            case "sarif" -> Optional.of(new ReconcileSarifReport(RepositoryRoot.of(options.workingDirectory())));
            default -> Optional.empty();
        };
    }

    /** The fix of a finding's rule in the finding's dialect (CDK for constructs, Terraform for addresses). */
    static String fix(RuleResult r, List<RuleMetadata> rules) {
        RuleMetadata m = rules.stream().filter(x -> x.id().equals(r.ruleId())).findFirst().orElse(null);
        if (m == null) {
            return null;
        }
        if (r.subject().type().startsWith("aws_")) {
            return m.fixTerraform();
        }
        return r.subject().constructPath() != null && m.fixCdk() != null ? m.fixCdk() : m.fixCloudFormation();
    }

    /** "Unhealthy (No Agent Reporting)" / "Healthy" / "not in the coverage list". */
    static String consoleLabel(InstanceReconciliation r) {
        if (r.console() == null) {
            return "not in the coverage list";
        }
        String issue = r.issue().display();
        return r.consoleStatus() + (issue.isEmpty() ? "" : " (" + issue + ")");
    }

    static String predictedLabel(InstanceReconciliation r) {
        if (r.predictedStatus() == null) {
            return "—";
        }
        return r.predictedStatus() + (r.predictedIssue() == null ? "" : " (" + r.predictedIssue() + ")");
    }

    /** One sentence on how console and prediction compare. */
    static String verdict(InstanceReconciliation r) {
        return switch (r.agreement()) {
            case MATCH -> r.consoleUnhealthy() ? "predicted right; explained by " + String.join(", ", r.explainedBy())
                    : "predicted right";
            case ISSUE_DIFFERS -> r.explainedBy().isEmpty()
                    ? "Unhealthy as predicted, with another issue type; not explained by the code"
                    : "Unhealthy as predicted, the console shows another issue type; explained by " + String.join(", ", r.explainedBy());
            case MISMATCH -> r.consoleUnhealthy() ? "not explained by the code" : "the console shows Healthy although the code predicts otherwise";
            case UNDECIDED -> "the inputs could not decide; the console shows the answer";
            case NOT_FROM_CODE -> "not made by the code";
            case NOT_IN_CONSOLE -> "not in the coverage list (stopped, just launched, or outside Runtime Monitoring)";
        };
    }

    static String percent(Double p) {
        return p == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f%%", p);
    }
}
