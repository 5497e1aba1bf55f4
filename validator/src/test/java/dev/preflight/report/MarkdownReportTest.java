package dev.preflight.report;

import dev.preflight.engine.Baseline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.preflight.engine.RunOutcome;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Waiver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The pull-request comment: summary, coverage, findings grouped by rule, waivers. */
class MarkdownReportTest {
    @TempDir
    Path tmp;

    @Test
    void theIncidentComment() {
        String md = new MarkdownReport().render(ReportScenarios.incidentWithBrokenInput());
        assertThat(md).startsWith("## ❌ Preflight: 2 failed, 1 unknown\n\n| Verdict | Results |\n|---|---:|\n| ❌ Failed | 3 |\n");
        assertThat(md).contains("| 💬 Waived | 1 |").doesNotContain("Existing");
        assertThat(md).contains("**0.0%** (0 of 4 instances healthy; 3 unhealthy, 1 excluded) — 2 workloads.");
        assertThat(md).contains("<sub>Basis: healthy instances / all instances x 100, as GuardDuty counts EC2 coverage.</sub>");
        assertThat(md).contains("| <code>AppGroup</code> | 3 instances (DesiredCapacity 3) | samples/cloudformation/incident/app.yaml:52:3 | ❌ Unhealthy (No Agent Reporting) |");
        assertThat(md).contains("<details><summary><b>GD002</b> Data endpoint admits the workload — 1 finding</summary>");
        assertThat(md).contains("<details><summary><b>GD010</b> Workload is SSM-managed — 1 finding</summary>");
        assertThat(md).contains("<br>↳ <code>EndpointSecurityGroup</code>");
        assertThat(md).as("the rule pack's fixes are Markdown").contains("**Fix (CloudFormation):** Add `SecurityGroupIngress` for TCP 443.\n\n")
                .contains("**Fix (CDK):** Use `endpoint.connections.allowDefaultPortFrom(asg)`.");
        assertThat(md).contains("### Waivers").contains("| GD007 | <code>BatchHost</code> | ❌ error | batch hosts run short jobs; covered by host IDS | 2027-03-31 | &#46;preflight.yaml:4 |");
        assertThat(md).contains("### ⛔ Inputs that could not be checked\n\n- broken.json:1:20: unexpected character '}'");
        assertThat(md).doesNotContain("GD007</b>");
    }

    @Test
    void messagesAreKeptWholeAndTheListIsCutInstead() {
        RuleMetadata gd001 = ReportScenarios.rule("GD001", "VPC DNS attributes", Severity.ERROR);
        String sentence = "VPC Vpc has EnableDnsSupport true and EnableDnsHostnames false (the default when absent) (used by "
                + "AppGroup, BatchHost, endpoint GuardDutyDataEndpoint): GuardDuty cannot create its guardduty-data endpoint "
                + "with private DNS in it, so the agent's VPC-endpoint path will not work; set both EnableDnsSupport and "
                + "EnableDnsHostnames to true";
        List<RuleResult> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(gd001.fail(ReportScenarios.subject("infra/net" + i + ".yaml", "Vpc", "AWS::EC2::VPC", 16), sentence));
        }
        RunOutcome o = ReportScenarios.incident();
        String md = new MarkdownReport().render(new RunOutcome(o.toolVersion(), o.startedAt(), o.inputs(),
                results, o.coverage(), List.of(gd001), List.of(), List.of()));
        assertThat(sentence.length()).isGreaterThan(MarkdownText.DEFAULT_LIMIT);
        assertThat(md).contains("set both EnableDnsSupport and EnableDnsHostnames to true |");
        assertThat(md).contains("| … 150 more (see the SARIF or HTML report) |");
        assertThat(md.replace("| … 150 more", "")).as("no sentence cut").doesNotContain("…");
        assertThat(md.length()).isLessThan(65_536);
    }

    @Test
    void locationsLinkToTheFileAtTheCommitInAnActionsRun() throws Exception {
        Files.createDirectories(tmp.resolve(".git"));
        String base = MarkdownReport.blobBase(java.util.Map.of("GITHUB_SERVER_URL", "https://github.com",
                "GITHUB_REPOSITORY", "octo/infra", "GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(base).isEqualTo("https://github.com/octo/infra/blob/0123456789abcdef0123456789abcdef01234567/");
        String md = new MarkdownReport(RepositoryRoot.of(tmp), base).render(ReportScenarios.incident());
        assertThat(md).contains("| <code>AppGroup</code> | <a href=\"" + base
                + "samples/cloudformation/incident/app.yaml#L52\">samples/cloudformation/incident/app.yaml:52:3</a> |");
        assertThat(md).contains("↳ <code>EndpointSecurityGroup</code> <a href=\"" + base + "samples/cloudformation/incident/network.yaml#L40\">");
        assertThat(md).as("an input-level finding links to the file").contains("<a href=\"" + base + "samples/cloudformation/incident/organization.yaml\">");
        assertThat(MarkdownReport.blobBase(java.util.Map.of("GITHUB_SERVER_URL", "javascript:alert(1)",
                "GITHUB_REPOSITORY", "octo/infra", "GITHUB_SHA", "0123abc"))).isNull();
        assertThat(MarkdownReport.blobBase(java.util.Map.of())).isNull();
        assertThat(new MarkdownReport().render(ReportScenarios.incident())).doesNotContain("<a href=\"https://github.com");
    }

    @Test
    void aHugeRunStillFitsInAComment() {
        List<RuleMetadata> rules = new ArrayList<>();
        List<RuleResult> results = new ArrayList<>();
        String name = "<&|*>".repeat(200);
        for (int k = 1; k <= 14; k++) {
            RuleMetadata m = ReportScenarios.rule(String.format("GD%03d", k), "Rule " + k, Severity.ERROR);
            rules.add(m);
            for (int i = 0; i < 300; i++) {
                Subject s = ReportScenarios.subject("infra/stack" + i + ".yaml", name + i, "AWS::EC2::Instance", i + 1);
                results.add(i % 3 == 0 ? m.fail(s, "message " + name).withWaiver(new Waiver(name, null, name)) : m.fail(s, "message " + name));
            }
        }
        RunOutcome o = ReportScenarios.incident();
        RunOutcome big = new RunOutcome(o.toolVersion(), o.startedAt(), o.inputs(), results, o.coverage(), rules,
                List.of(), List.of());
        String md = new MarkdownReport().render(big);
        assertThat(md.length()).isLessThan(65_536);
        assertThat(md).contains("more (see the SARIF or HTML report)").contains("<summary><b>GD014</b>");
        assertThat(md.indexOf("<details>")).isPositive();
        assertThat(md.split("<details>", -1).length).isEqualTo(md.split("</details>", -1).length);
    }

    @Test
    void reportFilesAreReadableLikeOtherFiles() throws Exception {
        Path file = tmp.resolve("report.md");
        AtomicFile.write(file, w -> w.write("x"));
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFile.write(file, w -> w.write("y"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw----");
        assertThat(Files.readString(file)).isEqualTo("y");
    }

    @Test
    void aBaselineMovesOldFindingsIntoTheirOwnSection() throws Exception {
        Path file = tmp.resolve("b.json");
        AtomicFile.write(file, w -> new JsonReport().write(ReportScenarios.incident(), w));
        String md = new MarkdownReport().render(ReportScenarios.againstBaseline(ReportScenarios.incident(), Baseline.read(file)));
        assertThat(md).startsWith("## ✅ Preflight: no open findings");
        assertThat(md).contains("| 📌 Existing (in the baseline) | 4 |").contains("📌 3 existing findings (in the baseline; not failing this run)")
                .doesNotContain("### Findings by rule");
    }
}
