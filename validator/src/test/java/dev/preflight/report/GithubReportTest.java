package dev.preflight.report;

import dev.preflight.engine.Baseline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.preflight.engine.RunOutcome;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.io.StringWriter;
import java.util.ArrayList;
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
        new GithubReport(RepositoryRoot.of(tmp), null).write(ReportScenarios.incidentWithBrokenInput(), w);
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.get(0)).as("input errors first").isEqualTo("::error file=broken.json,line=1,col=20,title=Preflight%3A input not checked::unexpected character '}'");
        lines = lines.subList(1, lines.size());
        assertThat(lines.get(0)).isEqualTo("::error file=samples/cloudformation/incident/app.yaml,line=52,col=3,title=GD002 AppGroup::"
                + "AppGroup: no ingress rule of EndpointSecurityGroup admits TCP 443 from AppGroup (AppSecurityGroup)"
                + "%0ARelated: AppSecurityGroup (samples/cloudformation/incident/app.yaml:30:3): security group of AppGroup"
                + "%0ARelated: GuardDutyDataEndpoint (samples/cloudformation/incident/network.yaml:55:3): GuardDuty data endpoint"
                + "%0ARelated: EndpointSecurityGroup (samples/cloudformation/incident/network.yaml:40:3): endpoint security group: no ingress from AppSecurityGroup on TCP 443");
        assertThat(lines.get(1)).startsWith("::warning file=samples/cloudformation/incident/app.yaml,line=52,col=3,title=GD010 unknown AppGroup::")
                .contains("%0AUnknown because: parameter InstanceRoleArn has no value or default");
        assertThat(lines.get(2)).as("an input-level finding has no line").startsWith(
                "::notice file=samples/cloudformation/incident/organization.yaml,title=GD013 (input)::no EventBridge rule watches");
        assertThat(lines.get(3)).startsWith("Preflight: 3 open findings; 3 failed, 1 unknown, 2 passed, 1 waived; predicted coverage 0.0% (0 of 4 instances healthy; 3 unhealthy, 1 excluded)");
        assertThat(lines).hasSize(4).noneMatch(l -> l.contains("GD007"));
    }

    /** A run with {@code errors} failures at error, {@code unknowns} UNKNOWN and {@code infos} info failures, in file order mixed. */
    static RunOutcome many(int errors, int unknowns, int infos) {
        RunOutcome base = ReportScenarios.incident();
        RuleMetadata gd002 = ReportScenarios.rule("GD002", "Data endpoint admits the workload", Severity.ERROR);
        RuleMetadata gd010 = ReportScenarios.rule("GD010", "Workload is SSM-managed", Severity.WARNING);
        RuleMetadata gd013 = ReportScenarios.rule("GD013", "Coverage changes are watched", Severity.INFO);
        List<RuleResult> results = new ArrayList<>();
        for (int i = 0; i < Math.max(errors, Math.max(unknowns, infos)); i++) {
            String file = String.format("infra/stack%03d.yaml", i);
            Subject s = ReportScenarios.subject(file, "Host" + i, "AWS::EC2::Instance", 5);
            if (i < infos) {
                results.add(gd013.fail(Subject.ofInput(file), "no EventBridge rule " + i).withSeverity(Severity.INFO));
            }
            if (i < unknowns) {
                results.add(gd010.unknown(s, "role of Host" + i + " unknown", "parameter Role" + i + " has no default"));
            }
            if (i < errors) {
                results.add(gd002.fail(s, "EndpointSg does not admit Host" + i));
            }
        }
        return new RunOutcome(base.toolVersion(), base.startedAt(), base.inputs(), results, base.coverage(),
                List.of(gd002, gd010, gd013), List.of(), List.of());
    }

    @Test
    void annotationsAreOrderedErrorsFirstAndCappedAtGithubsLimitWithOneNoticeForTheRest() throws Exception {
        Path summary = tmp.resolve("summary.md");
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), summary).write(many(25, 15, 12), w);
        List<String> lines = w.toString().lines().toList();
        List<String> commands = lines.stream().filter(l -> l.startsWith("::")).toList();
        assertThat(commands.subList(0, 10)).allMatch(l -> l.startsWith("::error ") && l.contains("GD002"));
        assertThat(commands.get(0)).contains("infra/stack000.yaml");
        assertThat(commands.subList(10, 20)).allMatch(l -> l.startsWith("::warning ") && l.contains("GD010 unknown"));
        assertThat(commands.subList(20, 29)).allMatch(l -> l.startsWith("::notice ") && l.contains("GD013"));
        assertThat(commands).hasSize(30);
        assertThat(commands.get(29)).startsWith("::notice title=Preflight%3A 23 more not annotated::GitHub shows 10 annotations of each kind per step;")
                .contains("23 more (15 error, 3 notice, 5 warning)").contains("the job summary").contains("SARIF");
        List<String> plain = lines.stream().filter(l -> l.startsWith("Preflight: not annotated: ")).toList();
        assertThat(plain).hasSize(23);
        assertThat(plain.get(0)).isEqualTo("Preflight: not annotated: infra/stack010.yaml:5:3  GD002  error  Host10  EndpointSg does not admit Host10");
        assertThat(lines.get(lines.size() - 1)).startsWith("Preflight: 52 open findings;");
    }

    @Test
    void withinTheLimitNothingIsHeldBack() throws Exception {
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), null).write(many(10, 10, 10), w);
        assertThat(w.toString().lines().filter(l -> l.startsWith("::"))).hasSize(30);
        assertThat(w.toString()).doesNotContain("not annotated");
    }

    @Test
    void existingFindingsAreNotAnnotated() throws Exception {
        Path baseline = tmp.resolve("baseline.json");
        AtomicFile.write(baseline, w -> new JsonReport().write(ReportScenarios.incident(), w));
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), null).write(ReportScenarios.againstBaseline(ReportScenarios.incident(), Baseline.read(baseline)), w);
        assertThat(w.toString().lines().toList()).singleElement().asString().contains("0 open findings").contains("4 existing");
    }

    @Test
    void theJobSummaryIsAppended() throws Exception {
        Path summary = tmp.resolve("step_summary.md");
        Files.writeString(summary, "# Earlier step\n");
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), summary).write(ReportScenarios.incident(), w);
        String text = Files.readString(summary);
        assertThat(text).startsWith("# Earlier step\n## ❌ Preflight: 2 failed, 1 unknown");
        assertThat(text).contains("**0.0%**").contains("<summary><b>GD002</b>");
        assertThat(w.toString()).doesNotContain("job summary");
    }

    @Test
    void anUnwritableJobSummaryIsAWarningNotAFailure() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        StringWriter w = new StringWriter();
        new GithubReport(RepositoryRoot.of(tmp), dir).write(ReportScenarios.incident(), w);
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("::warning title=Preflight::cannot write the job summary to " + dir);
    }
}
