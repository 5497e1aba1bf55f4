package dev.preflight.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The pull-request comment: summary, coverage, findings grouped by rule, waivers. */
class MarkdownReportTest {
    @TempDir
    Path tmp;

    @Test
    void theIncidentComment() {
        String md = new MarkdownReport(Baseline.NONE).render(ReportScenarios.incidentWithBrokenInput());
        assertThat(md).startsWith("## ❌ Preflight: 2 failed, 1 unknown\n\n| Verdict | Results |\n|---|---:|\n| ❌ Failed | 3 |\n");
        assertThat(md).contains("| 💬 Waived | 1 |").doesNotContain("Existing");
        assertThat(md).contains("**0.0%** — 0 of 2 workloads healthy; 1 unhealthy, 1 excluded, 0 unknown.");
        assertThat(md).contains("| <code>AppGroup</code> | samples/cloudformation/incident/app.yaml:52:3 | ❌ Unhealthy (No Agent Reporting) |");
        assertThat(md).contains("<details><summary><b>GD002</b> Data endpoint admits the workload — 1 finding</summary>");
        assertThat(md).contains("<details><summary><b>GD010</b> Workload is SSM-managed — 1 finding</summary>");
        assertThat(md).contains("<br>↳ <code>EndpointSecurityGroup</code>");
        assertThat(md).contains("- **Fix (CloudFormation)**: Add &#96;SecurityGroupIngress&#96; for TCP 443.");
        assertThat(md).contains("### Waivers").contains("| GD007 | <code>BatchHost</code> | ❌ error | batch hosts run short jobs; covered by host IDS | 2027-03-31 | &#46;preflight.yaml:4 |");
        assertThat(md).contains("### ⛔ Inputs that could not be checked\n\n- broken.json:1:20: unexpected character '}'");
        assertThat(md).doesNotContain("GD007</b>");
    }

    @Test
    void aBaselineMovesOldFindingsIntoTheirOwnSection() throws Exception {
        Path file = tmp.resolve("b.json");
        AtomicFile.write(file, w -> new JsonReport().write(ReportScenarios.incident(), w));
        String md = new MarkdownReport(Baseline.read(file)).render(ReportScenarios.incident());
        assertThat(md).startsWith("## ✅ Preflight: no open findings");
        assertThat(md).contains("| 📌 Existing (in the baseline) | 4 |").contains("📌 3 existing findings (in the baseline; not failing this run)")
                .doesNotContain("### Findings by rule");
    }
}
