package dev.preflight.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Workflow commands as the Actions runner reads them, and the job summary. */
class GithubReportTest {
    @TempDir
    Path tmp;

    @Test
    void escapingFollowsTheRunner() {
        assertThat(GithubReport.data("100% done\r\nnext: a,b")).isEqualTo("100%25 done%0D%0Anext: a,b");
        assertThat(GithubReport.property("100% done\r\nnext: a,b")).isEqualTo("100%25 done%0D%0Anext%3A a%2Cb");
        assertThat(ReportParsers.unescapeProperty(GithubReport.property("%0A is not a newline: 50%, ok")))
                .isEqualTo("%0A is not a newline: 50%, ok");
    }

    @Test
    void annotationsForOpenFindingsWithRepositoryPaths() throws Exception {
        Files.createDirectories(tmp.resolve(".git"));
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), Baseline.NONE, null).write(ReportScenarios.incidentWithBrokenInput(), w);
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("::error file=samples/cloudformation/incident/app.yaml,line=52,col=3,title=GD002 AppGroup::"
                + "AppGroup: no ingress rule of EndpointSecurityGroup admits TCP 443 from AppGroup (AppSecurityGroup)"
                + "%0ARelated: AppSecurityGroup (samples/cloudformation/incident/app.yaml:30:3): security group of AppGroup"
                + "%0ARelated: GuardDutyDataEndpoint (samples/cloudformation/incident/network.yaml:55:3): GuardDuty data endpoint"
                + "%0ARelated: EndpointSecurityGroup (samples/cloudformation/incident/network.yaml:40:3): endpoint security group: no ingress from AppSecurityGroup on TCP 443");
        assertThat(lines.get(1)).startsWith("::warning file=samples/cloudformation/incident/app.yaml,line=52,col=3,title=GD010 unknown AppGroup::")
                .contains("%0AUnknown because: parameter InstanceRoleArn has no value or default");
        assertThat(lines.get(2)).as("an input-level finding has no line").startsWith(
                "::notice file=samples/cloudformation/incident/organization.yaml,title=GD013 (input)::no EventBridge rule watches");
        assertThat(lines.get(3)).isEqualTo("::error file=broken.json,line=1,col=20,title=Preflight%3A input not checked::unexpected character '}'");
        assertThat(lines.get(4)).startsWith("Preflight: 3 open findings; 3 failed, 1 unknown, 2 passed, 1 waived; predicted coverage 0.0%");
        assertThat(lines).hasSize(5).noneMatch(l -> l.contains("GD007"));
    }

    @Test
    void existingFindingsAreNotAnnotated() throws Exception {
        Path baseline = tmp.resolve("baseline.json");
        AtomicFile.write(baseline, w -> new JsonReport().write(ReportScenarios.incident(), w));
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), Baseline.read(baseline), null).write(ReportScenarios.incident(), w);
        assertThat(w.toString().lines().toList()).singleElement().asString().contains("0 open findings").contains("4 existing");
    }

    @Test
    void theJobSummaryIsAppended() throws Exception {
        Path summary = tmp.resolve("step_summary.md");
        Files.writeString(summary, "# Earlier step\n");
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), Baseline.NONE, summary).write(ReportScenarios.incident(), w);
        String text = Files.readString(summary);
        assertThat(text).startsWith("# Earlier step\n## ❌ Preflight: 2 failed, 1 unknown");
        assertThat(text).contains("**0.0%**").contains("<summary><b>GD002</b>");
        assertThat(w.toString()).doesNotContain("job summary");
    }

    @Test
    void anUnwritableJobSummaryIsAWarningNotAFailure() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), Baseline.NONE, dir).write(ReportScenarios.incident(), w);
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("::warning title=Preflight::cannot write the job summary to " + dir);
    }
}
