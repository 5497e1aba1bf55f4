package dev.preflight.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rule's documentation page (docs/rules/GDnnn.md and {@code preflight explain}): the facts of its metadata, then
 * its rationale and fixes. Those are written in {@code GDnnn.md} beside the rule's class, under the headings of
 * {@link #SECTIONS}, and read by {@link #parse}.
 */
public final class RuleDocumentation {
    public static final String WHY = "Why";
    public static final String FIX_CLOUDFORMATION = "Fix in CloudFormation";
    public static final String FIX_CDK = "Fix in CDK (Java)";
    public static final String FIX_TERRAFORM = "Fix in Terraform";
    /** The sections of a rule's Markdown, in this order, each once. */
    public static final List<String> SECTIONS = List.of(WHY, FIX_CLOUDFORMATION, FIX_CDK, FIX_TERRAFORM);

    private RuleDocumentation() {
    }

    public static String markdown(RuleMetadata m) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(m.id()).append(": ").append(m.title()).append("\n\n");
        sb.append("- Default severity: `").append(m.defaultSeverity().wireName()).append("`\n");
        if (m.coverageIssue() != null) {
            sb.append("- GuardDuty coverage issue it prevents: ").append(m.coverageIssue()).append('\n');
        }
        if (m.unhealthy() != null) {
            sb.append("- Where coverage stops: ").append(stage(m.unhealthy().stage()))
                    .append(" (a workload's earliest failing stage is the issue the console shows)\n");
        }
        if (m.assumedWhenUnknown() != null) {
            sb.append("- When it cannot be decided, the prediction assumes: ").append(m.assumedWhenUnknown()).append('\n');
        }
        if (m.readsAcrossRun()) {
            sb.append("- Reads across every input of the run: ").append(String.join(", ", m.acrossRunTypes().stream()
                    .map(t -> "`" + t + "`").toList())).append('\n');
        }
        if (m.documentationUrl() != null) {
            sb.append("- AWS documentation: ").append(m.documentationUrl()).append('\n');
        }
        if (!m.tags().isEmpty()) {
            sb.append("- Tags: ").append(String.join(", ", m.tags())).append('\n');
        }
        section(sb, WHY, m.rationale());
        section(sb, FIX_CLOUDFORMATION, m.fixCloudFormation());
        section(sb, FIX_CDK, m.fixCdk());
        section(sb, FIX_TERRAFORM, m.fixTerraform());
        sb.append("\n_Generated from the rule's metadata and its GDnnn.md beside the rule's class; do not edit by hand._\n");
        return sb.toString();
    }

    private static String stage(ConsoleEffect.Stage s) {
        return switch (s) {
            case RUNTIME_MONITORING -> "Runtime Monitoring of the account";
            case PROVISIONING -> "provisioning the agent on the instance";
            case ENDPOINT -> "the guardduty-data endpoint and its private DNS name";
            case TELEMETRY -> "the agent's telemetry on its way to GuardDuty";
            case ENDPOINT_NAME -> "resolving your own guardduty-data endpoint by its private name";
            case AGENT_DELIVERY -> "delivery of the agent by Systems Manager";
        };
    }

    private static void section(StringBuilder sb, String title, String body) {
        if (body != null && !body.isBlank()) {
            sb.append("\n## ").append(title).append("\n\n").append(body.strip()).append('\n');
        }
    }

    /**
     * The rationale and fixes of a rule's Markdown: every section of {@link #SECTIONS}, each once and not empty,
     * nothing else (an HTML comment above the first heading is allowed).
     *
     * @throws IllegalArgumentException naming what is missing, repeated or unexpected
     */
    public static RuleMetadata.RuleText parse(String ruleId, String markdown) {
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        StringBuilder current = null;
        boolean inComment = false;
        for (String line : markdown.replace("\r\n", "\n").split("\n", -1)) {
            if (line.startsWith("## ")) {
                String title = line.substring(3).strip();
                if (!SECTIONS.contains(title)) {
                    throw new IllegalArgumentException(ruleId + ".md: unexpected section '" + title + "' (expected "
                            + String.join(", ", SECTIONS) + ")");
                }
                if (sections.containsKey(title)) {
                    throw new IllegalArgumentException(ruleId + ".md: section '" + title + "' twice");
                }
                current = new StringBuilder();
                sections.put(title, current);
            } else if (current != null) {
                current.append(line).append('\n');
            } else if (line.startsWith("# ")) {
                throw new IllegalArgumentException(ruleId + ".md: no title heading; the page's title comes from the metadata");
            } else {
                inComment = commentState(line, inComment, ruleId);
            }
        }
        for (String s : SECTIONS) {
            if (!sections.containsKey(s) || sections.get(s).toString().isBlank()) {
                throw new IllegalArgumentException(ruleId + ".md: section '## " + s + "' is missing or empty");
            }
        }
        if (!List.copyOf(sections.keySet()).equals(SECTIONS)) {
            throw new IllegalArgumentException(ruleId + ".md: sections out of order; expected " + String.join(", ", SECTIONS));
        }
        return new RuleMetadata.RuleText(body(sections, WHY), body(sections, FIX_CLOUDFORMATION),
                body(sections, FIX_CDK), body(sections, FIX_TERRAFORM));
    }

    /** Above the first section only blank lines and an HTML comment may stand. */
    private static boolean commentState(String line, boolean inComment, String ruleId) {
        String l = line.strip();
        if (l.isEmpty()) {
            return inComment;
        }
        boolean open = inComment || l.startsWith("<!--");
        if (!open) {
            throw new IllegalArgumentException(ruleId + ".md: text before the first section: '" + l + "'");
        }
        return !l.toLowerCase(Locale.ROOT).endsWith("-->");
    }

    private static String body(Map<String, StringBuilder> sections, String name) {
        return sections.get(name).toString().strip();
    }
}
