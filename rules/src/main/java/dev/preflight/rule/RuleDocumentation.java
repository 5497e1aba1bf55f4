package dev.preflight.rule;

import dev.preflight.rule.RuleMetadata;

/** Renders a rule's metadata as its documentation page (docs/rules/GDnnn.md and {@code preflight explain}). */
public final class RuleDocumentation {
    private RuleDocumentation() {
    }

    public static String markdown(RuleMetadata m) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(m.id()).append(": ").append(m.title()).append("\n\n");
        sb.append("- Default severity: `").append(m.defaultSeverity().wireName()).append("`\n");
        if (m.coverageIssue() != null) {
            sb.append("- GuardDuty coverage issue it prevents: ").append(m.coverageIssue()).append('\n');
        }
        if (m.documentationUrl() != null) {
            sb.append("- AWS documentation: ").append(m.documentationUrl()).append('\n');
        }
        if (!m.tags().isEmpty()) {
            sb.append("- Tags: ").append(String.join(", ", m.tags())).append('\n');
        }
        section(sb, "Why", m.rationale());
        section(sb, "Fix in CloudFormation", m.fixCloudFormation());
        section(sb, "Fix in CDK (Java)", m.fixCdk());
        section(sb, "Fix in Terraform", m.fixTerraform());
        sb.append("\n_Generated from the rule's metadata; do not edit by hand._\n");
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, String body) {
        if (body != null && !body.isBlank()) {
            sb.append("\n## ").append(title).append("\n\n").append(body.strip()).append('\n');
        }
    }
}
