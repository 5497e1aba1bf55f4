package dev.preflight.report;

import dev.preflight.coverage.CoverageReport;
import dev.preflight.coverage.CoverageStatistic;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.InputStatus;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Standing;
import dev.preflight.rule.Verdict;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Markdown for a pull-request comment or a GitHub job summary: a summary table, the predicted coverage with a
 * table of workloads, the open findings grouped by rule in collapsible sections, findings the baseline already had,
 * waivers, and inputs that could not be read. Every user-controlled string goes through {@link MarkdownText}; the
 * rule pack's own text (fixes, and the titles of rules that have fixes: only built-in rules do, a Rego policy or
 * cfn-lint rule never) is Markdown and rendered as such. Messages are kept whole (up to
 * {@link #MESSAGE_LIMIT} characters, against pathological input): when space runs out the list is cut, never a
 * sentence, so the comment stays under GitHub's 65,536-character limit. With {@code GITHUB_SERVER_URL},
 * {@code GITHUB_REPOSITORY} and {@code GITHUB_SHA} set, locations link to the file and line at the commit.
 */
public final class MarkdownReport implements Report {
    static final int PER_RULE_LIMIT = 50;
    static final int WORKLOAD_LIMIT = 100;
    /** Rows stop once the text passes this length, so the whole comment stays under GitHub's 65,536 characters. */
    static final int BUDGET = 45_000;
    /** A message longer than this is not a sentence a reviewer reads (real ones stay under 1,000). */
    static final int MESSAGE_LIMIT = 4_000;

    private final RepositoryRoot root;
    /** {@code https://github.com/owner/repo/blob/SHA/}, or null: locations are then plain text. */
    private final String blobBase;

    public MarkdownReport() {
        this(null, null);
    }

    /** {@code blobBase}: from {@link #blobBase(Map)}, or null for plain locations. */
    public MarkdownReport(RepositoryRoot root, String blobBase) {
        this.root = root;
        this.blobBase = root == null ? null : blobBase;
    }

    /** The URL prefix of files at the commit of a GitHub Actions run, or null outside one. */
    public static String blobBase(Map<String, String> env) {
        String server = env.get("GITHUB_SERVER_URL");
        String repo = env.get("GITHUB_REPOSITORY");
        String sha = env.get("GITHUB_SHA");
        if (server == null || repo == null || sha == null || !server.matches("https://[A-Za-z0-9.:-]+/?")
                || !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+") || !sha.matches("[0-9a-fA-F]{7,64}")) {
            return null;
        }
        return server.replaceAll("/$", "") + "/" + repo + "/blob/" + sha + "/";
    }

    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        out.write(render(o));
    }

    String render(RunOutcome o) {
        StringBuilder sb = new StringBuilder();
        Tally t = Tally.of(o);
        List<RuleResult> open = o.results().stream().filter(RuleResult::open).toList();
        long failed = open.stream().filter(r -> r.verdict() == Verdict.FAIL).count();
        long unknown = open.size() - failed;
        if (open.isEmpty()) {
            sb.append("## ✅ Preflight: no open findings\n\n");
        } else {
            sb.append("## ❌ Preflight: ").append(failed).append(" failed, ").append(unknown).append(" unknown\n\n");
        }

        sb.append("| Verdict | Results |\n|---|---:|\n");
        sb.append("| ❌ Failed | ").append(t.count(Verdict.FAIL)).append(" |\n");
        sb.append("| ⚠️ Unknown | ").append(t.count(Verdict.UNKNOWN)).append(" |\n");
        sb.append("| ✅ Passed | ").append(t.count(Verdict.PASS)).append(" |\n");
        sb.append("| ➖ Not applicable | ").append(t.count(Verdict.NOT_APPLICABLE)).append(" |\n");
        sb.append("| 💬 Waived | ").append(t.waived()).append(" |\n");
        if (o.baseline() != null) {
            sb.append("| 📌 Existing (in the baseline) | ").append(t.existing()).append(" |\n");
        }
        sb.append('\n');

        coverage(o.coverage(), sb);
        findings(o, open, sb);
        existing(o, sb);
        waivers(o, sb);
        problems(o, sb);

        int loaded = 0;
        int resources = 0;
        for (InputStatus s : o.inputs()) {
            if (s.format() != null && s.error() == null) {
                loaded++;
                resources += s.resources();
            }
        }
        sb.append("<sub>Preflight ").append(MarkdownText.inline(o.toolVersion())).append(" checked ").append(loaded)
                .append(loaded == 1 ? " input" : " inputs").append(" (").append(resources).append(" resources) with ")
                .append(o.rules().size()).append(" rules at ").append(o.startedAt().toInstant().toString()).append(".</sub>\n");
        return sb.toString();
    }

    private void coverage(CoverageReport c, StringBuilder sb) {
        sb.append("### Predicted GuardDuty Runtime Monitoring coverage\n\n");
        if (c.total() == 0) {
            sb.append("No EC2 workloads in the inputs.\n\n");
            return;
        }
        CoverageStatistic st = c.statistic();
        sb.append("**").append(MarkdownText.inline(st.computed() ? st.figure() : st.notComputed())).append("**")
                .append(MarkdownText.inline(st.counts())).append(" — ").append(c.total()).append(c.total() == 1 ? " workload" : " workloads").append(".\n\n")
                .append("<sub>Basis: ").append(MarkdownText.inline(st.basis())).append(".</sub>\n\n");
        sb.append("| Workload | Instances | Location | Console status | Why |\n|---|---|---|---|---|\n");
        int n = 0;
        for (WorkloadCoverage w : c.workloads()) {
            String icon = switch (w.status()) {
                case HEALTHY -> "✅ ";
                case UNHEALTHY -> "❌ ";
                case EXCLUDED -> "➖ ";
                case UNKNOWN -> "⚠️ ";
            };
            String row = "| " + MarkdownText.code(w.workload().id()) + " | "
                    + MarkdownText.inline(w.instances().describe()) + " | "
                    + location(w.workload().location()) + " | "
                    + icon + w.status().label()
                    + (w.issueType() == null ? "" : " (" + MarkdownText.inline(w.issueType()) + ")") + " | "
                    + MarkdownText.inline(w.explanation(), MESSAGE_LIMIT) + " |\n";
            if (n++ == WORKLOAD_LIMIT || sb.length() + row.length() > BUDGET) {
                sb.append("| … ").append(c.workloads().size() - n + 1).append(" more | | | | |\n");
                break;
            }
            sb.append(row);
        }
        sb.append('\n');
    }

    private void findings(RunOutcome o, List<RuleResult> open, StringBuilder sb) {
        if (open.isEmpty()) {
            return;
        }
        sb.append("### Findings by rule\n\n");
        Map<String, List<RuleResult>> byRule = new LinkedHashMap<>();
        for (RuleMetadata m : o.rules()) {
            byRule.put(m.id(), new ArrayList<>());
        }
        for (RuleResult r : open) {
            byRule.computeIfAbsent(r.ruleId(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<RuleResult>> e : byRule.entrySet()) {
            List<RuleResult> rs = e.getValue();
            if (rs.isEmpty()) {
                continue;
            }
            RuleMetadata m = o.rules().stream().filter(x -> x.id().equals(e.getKey())).findFirst().orElse(null);
            sb.append("<details><summary><b>").append(MarkdownText.inline(e.getKey())).append("</b> ")
                    .append(m == null ? "" : title(m)).append(" — ").append(rs.size())
                    .append(rs.size() == 1 ? " finding" : " findings").append("</summary>\n\n");
            if (m != null && m.documentationUrl() != null && m.documentationUrl().startsWith("https://")) {
                sb.append("Documentation: <a href=\"").append(attribute(m.documentationUrl())).append("\">")
                        .append(MarkdownText.inline(m.documentationUrl())).append("</a>\n\n");
            }
            sb.append("| Resource | Location | Result | Message |\n|---|---|---|---|\n");
            int n = 0;
            for (RuleResult r : rs) {
                StringBuilder row = new StringBuilder("| ").append(MarkdownText.code(Tally.subjectName(r))).append(" | ")
                        .append(location(r.subject().location())).append(" | ")
                        .append(verdict(r)).append(" | ").append(MarkdownText.inline(r.message(), MESSAGE_LIMIT));
                if (r.reason() != null) {
                    row.append("<br>unknown because: ").append(MarkdownText.inline(r.reason(), MESSAGE_LIMIT));
                }
                for (RelatedLocation rel : r.related()) {
                    row.append("<br>↳ ").append(MarkdownText.code(rel.resource())).append(' ')
                            .append(location(rel.location()))
                            .append(rel.message() == null ? "" : ": " + MarkdownText.inline(rel.message(), MESSAGE_LIMIT));
                }
                row.append(" |\n");
                if (n++ == PER_RULE_LIMIT || sb.length() + row.length() > BUDGET) {
                    sb.append("| … ").append(rs.size() - n + 1).append(" more (see the SARIF or HTML report) | | | |\n");
                    break;
                }
                sb.append(row);
            }
            if (m != null && sb.length() <= BUDGET) {
                fixes(m, sb);
            }
            sb.append("\n</details>\n\n");
        }
    }

    /** The fixes are the rule pack's own Markdown (code spans, code blocks): rendered, not escaped. */
    private static void fixes(RuleMetadata m, StringBuilder sb) {
        sb.append('\n');
        for (String[] f : new String[][] {{"CloudFormation", m.fixCloudFormation()}, {"CDK", m.fixCdk()}, {"Terraform", m.fixTerraform()}}) {
            if (f[1] != null && !f[1].isBlank()) {
                String fix = f[1].strip();
                sb.append("**Fix (").append(f[0]).append("):**").append(fix.contains("\n") ? "\n\n" : " ").append(fix).append("\n\n");
            }
        }
    }

    /** A built-in rule's title is trusted Markdown; any other (a Rego policy's, cfn-lint's) is escaped. */
    private static String title(RuleMetadata m) {
        return trusted(m) ? m.title().replaceAll("[\\r\\n<>]", " ") : MarkdownText.inline(m.title());
    }

    /** Only the built-in rule pack carries fixes (OPA, cfn-lint and merged-report metadata never do). */
    static boolean trusted(RuleMetadata m) {
        return m.fixCloudFormation() != null || m.fixCdk() != null || m.fixTerraform() != null;
    }

    private void existing(RunOutcome o, StringBuilder sb) {
        if (o.baseline() == null) {
            return;
        }
        List<RuleResult> old = o.results().stream().filter(r -> r.standing() == Standing.EXISTING).toList();
        if (old.isEmpty()) {
            return;
        }
        sb.append("<details><summary>📌 ").append(old.size()).append(" existing ")
                .append(old.size() == 1 ? "finding" : "findings").append(" (in the baseline; not failing this run)</summary>\n\n");
        sb.append("| Rule | Resource | Location | Message |\n|---|---|---|---|\n");
        int n = 0;
        for (RuleResult r : old) {
            if (n++ == PER_RULE_LIMIT || sb.length() > BUDGET) {
                sb.append("| … ").append(old.size() - n + 1).append(" more | | | |\n");
                break;
            }
            sb.append("| ").append(MarkdownText.inline(r.ruleId())).append(" | ").append(MarkdownText.code(Tally.subjectName(r)))
                    .append(" | ").append(location(r.subject().location())).append(" | ")
                    .append(MarkdownText.inline(r.message(), MESSAGE_LIMIT)).append(" |\n");
        }
        sb.append("\n</details>\n\n");
    }

    private static void waivers(RunOutcome o, StringBuilder sb) {
        List<RuleResult> waived = o.results().stream().filter(RuleResult::waived).toList();
        if (waived.isEmpty()) {
            return;
        }
        sb.append("### Waivers\n\n| Rule | Resource | Result | Reason | Expires | Written in |\n|---|---|---|---|---|---|\n");
        int n = 0;
        for (RuleResult r : waived) {
            if (n++ == WORKLOAD_LIMIT || sb.length() > BUDGET) {
                sb.append("| … ").append(waived.size() - n + 1).append(" more | | | | | |\n");
                break;
            }
            sb.append("| ").append(MarkdownText.inline(r.ruleId())).append(" | ").append(MarkdownText.code(Tally.subjectName(r)))
                    .append(" | ").append(verdict(r)).append(" | ").append(MarkdownText.inline(r.waiver().reason())).append(" | ")
                    .append(r.waiver().expires() == null ? "never" : r.waiver().expires().toString()).append(" | ")
                    .append(MarkdownText.inline(r.waiver().source())).append(" |\n");
        }
        sb.append('\n');
    }

    private static void problems(RunOutcome o, StringBuilder sb) {
        if (!o.warnings().isEmpty()) {
            sb.append("### ⚠️ Warnings\n\n");
            for (String w : o.warnings()) {
                sb.append("- ").append(MarkdownText.inline(w)).append('\n');
            }
            sb.append('\n');
        }
        if (o.failures().isEmpty() && o.faults().isEmpty()) {
            return;
        }
        sb.append("### ⛔ Inputs that could not be checked\n\n");
        int n = 0;
        for (InputFailure f : o.failures()) {
            if (n++ == WORKLOAD_LIMIT || sb.length() > BUDGET) {
                sb.append("- … ").append(o.failures().size() - n + 1).append(" more\n");
                break;
            }
            sb.append("- ").append(MarkdownText.inline(f.oneLine())).append('\n');
        }
        for (String f : o.faults()) {
            sb.append("- ").append(MarkdownText.inline(f)).append('\n');
        }
        sb.append('\n');
    }

    private static String verdict(RuleResult r) {
        return switch (r.verdict()) {
            case FAIL -> "❌ " + r.severity().wireName();
            case UNKNOWN -> "⚠️ unknown";
            case PASS -> "✅ pass";
            case NOT_APPLICABLE -> "➖ n/a";
        };
    }

    /** The location as text, linked to the file and line at the commit when the run has a blob base. */
    private String location(SourceLocation l) {
        String text = MarkdownText.inline(l.toString());
        String rel = blobBase == null ? null : root.relative(l.file());
        if (rel == null) {
            return text;
        }
        String href = blobBase + RepositoryRoot.encode(rel) + (l.line() > 0 ? "#L" + l.line() : "");
        return "<a href=\"" + attribute(href) + "\">" + text + "</a>";
    }

    private static String attribute(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
