package dev.preflight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.preflight.cli.PreflightCommand;
import dev.preflight.engine.Acceptance;
import dev.preflight.engine.Baseline;
import dev.preflight.engine.RunOutcome;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Standing;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code --baseline FILE}: findings the earlier JSON report had are existing; only new ones fail the run. */
class BaselineTest {
    @TempDir
    Path tmp;

    @Test
    void findingsOfTheBaselineAreExistingAndNewOnesAreNew() throws Exception {
        RunOutcome before = ReportScenarios.incident();
        Path file = tmp.resolve("baseline.json");
        AtomicFile.write(file, w -> new JsonReport().write(before, w));
        Baseline baseline = Baseline.read(file);
        assertThat(baseline.active()).isTrue();

        RuleResult gd002 = before.results().get(1);
        RuleResult pass = before.results().get(0);
        assertThat(baseline.existing(gd002)).isTrue();
        assertThat(baseline.existing(pass)).as("passes are never existing").isFalse();
        // the same resource failing a rule it passed before is new
        RuleResult regressed = before.results().get(2).withVerdict(Verdict.FAIL, "now fails");
        assertThat(baseline.existing(regressed)).isFalse();
        // acceptance decides the standing once; reports read it
        List<RuleResult> decided = new Acceptance(List.of(), List.of(), baseline, () -> java.time.LocalDate.of(2026, 11, 26))
                .decide(List.of(gd002, pass, regressed), java.util.Set.of()).results();
        assertThat(decided.get(0).standing()).isEqualTo(Standing.EXISTING);
        assertThat(decided.get(1).standing()).as("passes carry no standing").isNull();
        assertThat(decided.get(2).standing()).isEqualTo(Standing.NEW);
        // moved lines keep the identity
        RuleResult moved = new RuleResult(gd002.ruleId(), gd002.verdict(), gd002.severity(),
                new dev.preflight.rule.Subject(gd002.subject().key(), gd002.subject().type(),
                        new dev.preflight.model.SourceLocation(gd002.subject().location().file(), 99, 7), null),
                gd002.message(), null, gd002.related(), null);
        assertThat(baseline.existing(moved)).isTrue();
        assertThat(Baseline.NONE.existing(gd002)).isFalse();
    }

    @Test
    void reportsMarkExistingFindings() throws Exception {
        RunOutcome o = ReportScenarios.incident();
        Path file = tmp.resolve("baseline.json");
        AtomicFile.write(file, w -> new JsonReport().write(o, w));
        RunOutcome decided = ReportScenarios.againstBaseline(o, Baseline.read(file));

        StringWriter text = new StringWriter();
        new TextReport(false, false).write(decided, text);
        assertThat(text.toString()).contains("AppGroup  no ingress rule").contains("[existing]")
                .contains("existing in the baseline");

        StringWriter json = new StringWriter();
        new JsonReport().write(decided, json);
        JsonNode report = new ObjectMapper().readTree(json.toString());
        List<String> states = new ArrayList<>();
        for (JsonNode r : report.get("results")) {
            states.add(r.get("verdict").asText() + ":" + (r.has("baseline") ? r.get("baseline").asText() : "-"));
        }
        assertThat(states).containsExactly("PASS:-", "FAIL:existing", "PASS:-", "FAIL:existing", "UNKNOWN:existing",
                "FAIL:existing", "NOT_APPLICABLE:-");
        try (InputStream in = Files.newInputStream(Path.of("../docs/json-report.schema.json"))) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            assertThat(schema.validate(report)).isEmpty();
            ((com.fasterxml.jackson.databind.node.ObjectNode) report.get("results").get(0)).put("baseline", "new");
            assertThat(schema.validate(report)).as("a pass never carries a baseline state").isNotEmpty();
        }

        StringWriter sarif = new StringWriter();
        new SarifReport(new RepositoryRoot(tmp, tmp)).write(decided, sarif);
        assertThat(new ObjectMapper().readTree(sarif.toString()).at("/runs/0/results/0/baselineState").asText()).isEqualTo("unchanged");
    }

    @Test
    void aMissingOrInvalidBaselineIsAUsageErrorOnOneLine() throws Exception {
        Files.writeString(tmp.resolve("broken.json"), "{\"results\": [");
        Files.writeString(tmp.resolve("other.json"), "{\"version\": \"2.1.0\", \"runs\": []}");
        for (String name : List.of("missing.json", "broken.json", "other.json")) {
            StringWriter err = new StringWriter();
            int code = PreflightCommand.execute(new String[] {"check", "--baseline", tmp.resolve(name).toString(), "../samples"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertThat(code).as(name).isEqualTo(3);
            assertThat(err.toString().strip()).as(name).startsWith("preflight: --baseline ").doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void onlyNewFindingsFailTheRun() throws Exception {
        Path first = tmp.resolve("first.json");
        int before = run("--format", "json=" + first, "../samples/cloudformation/incident");
        assumeTrue(before == 1, "no rule fails the incident sample yet (the rule pack lands separately)");
        Path second = tmp.resolve("second.json");
        int after = run("--format", "json=" + second, "--baseline", first.toString(), "../samples/cloudformation/incident");
        assertThat(after).isEqualTo(0);
        JsonNode report = new ObjectMapper().readTree(second.toFile());
        for (JsonNode r : report.get("results")) {
            if (r.get("verdict").asText().equals("FAIL")) {
                assertThat(r.get("baseline").asText()).isEqualTo("existing");
            }
        }
        // the incident's findings are new against the fixed sample's report
        Path fixed = tmp.resolve("fixed.json");
        run("--format", "json=" + fixed, "--fail-on", "never", "../samples/cloudformation/fixed");
        assertThat(run("--format", "json=" + tmp.resolve("third.json"), "--baseline", fixed.toString(),
                "../samples/cloudformation/incident")).isEqualTo(1);
    }

    private static int run(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "check";
        System.arraycopy(args, 0, full, 1, args.length);
        return PreflightCommand.execute(full, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
