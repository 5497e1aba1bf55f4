package dev.preflight.report;

import dev.preflight.rule.RuleMetadata;
import dev.preflight.engine.Fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.preflight.cli.PreflightCommand;
import dev.preflight.engine.RunOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** SARIF output validates against the official SARIF 2.1.0 schema and has the shape GitHub code scanning reads. */
class SarifReportTest {
    private static Schema schema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadSchema() throws IOException {
        Path file = Stream.of(Path.of("../../shared/schemas/sarif-schema-2.1.0.json"),
                        Path.of("/work/shared/schemas/sarif-schema-2.1.0.json"))
                .filter(Files::isRegularFile).findFirst().orElse(null);
        if (file == null) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
    }

    private static List<Error> validate(JsonNode sarif) {
        assumeTrue(schema != null, "the SARIF schema (../shared/schemas/sarif-schema-2.1.0.json) is not present");
        return schema.validate(sarif);
    }

    @Test
    void everySampleValidates() throws Exception {
        List<Path> sampleDirs = new ArrayList<>();
        sampleDirs.add(Path.of("../samples"));
        try (Stream<Path> s = Files.walk(Path.of("../samples"))) {
            // the CDK app's sources are no input (its cdk.out is)
            s.filter(Files::isDirectory).filter(SarifReportTest::holdsFiles)
                    .filter(d -> !d.normalize().toString().replace('\\', '/').contains("samples/cdk-app"))
                    .forEach(sampleDirs::add);
        }
        assertThat(sampleDirs).hasSizeGreaterThan(2);
        for (Path dir : sampleDirs) {
            JsonNode sarif = run(dir);
            assertThat(validate(sarif)).as("schema errors for %s", dir).isEmpty();
            JsonNode run = sarif.get("runs").get(0);
            assertThat(run.at("/tool/driver/name").asText()).isEqualTo("Preflight");
            assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
            for (JsonNode r : run.get("results")) {
                String uri = r.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
                assertThat(uri).as("paths are relative to the repository root").startsWith("samples/");
                assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
            }
        }
    }

    private static boolean holdsFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            // folders with inputs of their own (a folder of .tf files alone is Terraform configuration, not yet read)
            return s.anyMatch(f -> Files.isRegularFile(f) && f.getFileName().toString().matches(".*\\.(json|ya?ml|template)"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theIncidentHasTheShapeCodeScanningReads() throws Exception {
        JsonNode sarif = write(ReportScenarios.incident(), new SarifReport(new RepositoryRoot(tmp, tmp)));
        assertThat(validate(sarif)).isEmpty();
        JsonNode run = sarif.get("runs").get(0);

        JsonNode gd002 = run.at("/tool/driver/rules/1");
        assertThat(gd002.get("id").asText()).isEqualTo("GD002");
        assertThat(gd002.get("name").asText()).isEqualTo("DataEndpointAdmitsTheWorkload");
        assertThat(gd002.at("/shortDescription/text").asText()).isEqualTo("Data endpoint admits the workload");
        assertThat(gd002.at("/fullDescription/text").asText()).startsWith("Why GD002 matters");
        assertThat(gd002.get("helpUri").asText()).startsWith("https://docs.aws.amazon.com/");
        assertThat(gd002.at("/defaultConfiguration/level").asText()).isEqualTo("error");
        assertThat(gd002.at("/properties/security-severity").asText()).as("its failure makes AppGroup Unhealthy").isEqualTo("9.0");
        assertThat(run.at("/tool/driver/rules/0/properties/security-severity").asText()).as("GD001 decides no workload here").isEqualTo("7.0");
        assertThat(run.at("/tool/driver/rules/2/properties/security-severity").asText()).as("GD007 excludes BatchHost").isEqualTo("7.5");
        assertThat(run.at("/tool/driver/informationUri").asText()).startsWith("https://");
        assertThat(gd002.at("/properties/tags").toString()).contains("security", "guardduty");
        assertThat(run.at("/tool/driver/rules/3/defaultConfiguration/level").asText()).isEqualTo("warning");
        assertThat(run.at("/tool/driver/rules/3/properties/security-severity").asText()).isEqualTo("4.0");
        assertThat(run.at("/tool/driver/rules/4/properties/security-severity").asText()).as("info advice").isEqualTo("1.0");
        assertThat(run.at("/tool/driver/rules/4/defaultConfiguration/level").asText()).isEqualTo("note");

        JsonNode results = run.get("results");
        assertThat(results).as("FAIL and UNKNOWN only; passes are counted").hasSize(4);
        JsonNode fail = results.get(0);
        assertThat(fail.get("ruleId").asText()).isEqualTo("GD002");
        assertThat(fail.get("ruleIndex").asInt()).isEqualTo(1);
        assertThat(fail.get("level").asText()).isEqualTo("error");
        assertThat(fail.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("samples/cloudformation/incident/app.yaml");
        assertThat(fail.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(52);
        assertThat(fail.at("/locations/0/physicalLocation/region/startColumn").asInt()).isEqualTo(3);
        assertThat(fail.at("/relatedLocations/2/physicalLocation/artifactLocation/uri").asText()).endsWith("network.yaml");
        assertThat(fail.at("/relatedLocations/2/message/text").asText()).startsWith("EndpointSecurityGroup: ");
        assertThat(fail.at("/partialFingerprints/preflight~1v1").asText())
                .isEqualTo(Fingerprint.of(ReportScenarios.incident().results().get(1)));
        assertThat(fail.has("suppressions")).isFalse();
        assertThat(fail.at("/message/text").asText()).isEqualTo("no ingress rule of EndpointSecurityGroup admits TCP 443 from "
                + "AppGroup (AppSecurityGroup) Related: [AppSecurityGroup](1), [GuardDutyDataEndpoint](2), [EndpointSecurityGroup](3).");
        assertThat(fail.at("/relatedLocations/2/id").asInt()).isEqualTo(3);
        assertThat(SarifReport.brackets("Action [guardduty:*]")).isEqualTo("Action \\[guardduty:*\\]");

        JsonNode waived = results.get(1);
        assertThat(waived.at("/suppressions/0/kind").asText()).isEqualTo("external");
        assertThat(waived.at("/suppressions/0/justification").asText()).startsWith("batch hosts run short jobs").contains("2027-03-31");

        JsonNode unknown = results.get(2);
        assertThat(unknown.get("level").asText()).isEqualTo("warning");
        assertThat(unknown.at("/properties/verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(unknown.at("/properties/reason").asText()).isEqualTo("parameter InstanceRoleArn has no value or default");
        assertThat(unknown.at("/message/text").asText()).contains("InstanceRoleArn");

        JsonNode inputLevel = results.get(3);
        assertThat(inputLevel.get("level").asText()).isEqualTo("note");
        assertThat(inputLevel.at("/locations/0/physicalLocation/region/startLine").asInt()).as("a file-level result sits on line 1").isEqualTo(1);
        assertThat(inputLevel.at("/locations/0/physicalLocation/region/startColumn").isMissingNode()).isTrue();

        assertThat(run.at("/properties/passCount").asInt()).isEqualTo(2);
        assertThat(run.at("/properties/ruleCounts/GD002/PASS").asInt()).isEqualTo(1);
        assertThat(run.at("/properties/ruleCounts/GD002/FAIL").asInt()).isEqualTo(1);
        assertThat(run.at("/properties/coverage/percent").asDouble()).isEqualTo(0.0);
        assertThat(run.at("/properties/coverage/statement").asText()).isEqualTo("0.0% (0 of 4 instances healthy; 3 unhealthy, 1 excluded)");
        assertThat(run.at("/properties/coverage/basis").asText()).startsWith("healthy instances / all instances x 100");
        assertThat(run.at("/properties/coverage/instances/high").asInt()).isEqualTo(4);
        assertThat(run.at("/properties/coverage/workloadInstances/0/resource").asText()).isEqualTo("AppGroup");
        assertThat(run.at("/properties/coverage/workloadInstances/0/basis").asText()).isEqualTo("3 instances (DesiredCapacity 3)");
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
        assertThat(run.at("/invocations/0/toolExecutionNotifications/0/level").asText()).as("skipped input").isEqualTo("note");
    }

    @Test
    void theSchemaCheckCanFail() throws Exception {
        JsonNode sarif = write(ReportScenarios.incident(), new SarifReport(new RepositoryRoot(tmp, tmp)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.at("/runs/0/results/0")).put("level", "fatal");
        assertThat(validate(sarif)).isNotEmpty();
    }

    @Test
    void anUnreadableInputMakesTheExecutionUnsuccessful() throws Exception {
        JsonNode sarif = write(ReportScenarios.incidentWithBrokenInput(), new SarifReport(
                RepositoryRoot.of(Path.of("").toAbsolutePath())));
        assertThat(validate(sarif)).isEmpty();
        JsonNode inv = sarif.at("/runs/0/invocations/0");
        assertThat(inv.get("executionSuccessful").asBoolean()).isFalse();
        assertThat(inv.at("/toolExecutionNotifications/0/level").asText()).isEqualTo("error");
        assertThat(inv.at("/toolExecutionNotifications/0/message/text").asText()).isEqualTo("broken.json:1:20: unexpected character '}'");
        assertThat(inv.at("/toolExecutionNotifications/0/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(20 - 19);
    }

    @Test
    void pathsAreRelativeToTheRepositoryRootEvenFromASubdirectory() throws Exception {
        Files.createDirectories(tmp.resolve(".git"));
        Path sub = Files.createDirectories(tmp.resolve("infra stacks"));
        RepositoryRoot root = RepositoryRoot.of(sub);
        assertThat(root.root()).isEqualTo(tmp.toAbsolutePath().normalize());
        assertThat(root.uri("app.yaml")).isEqualTo("infra%20stacks/app.yaml");
        assertThat(root.uri("../other/net.yaml")).isEqualTo("other/net.yaml");
        assertThat(root.uri("/elsewhere/x.yaml")).isEqualTo("file:///elsewhere/x.yaml");
        assertThat(root.rootUri()).startsWith("file:///").endsWith("/");

        JsonNode sarif = write(ReportScenarios.incident(), new SarifReport(root));
        assertThat(validate(sarif)).isEmpty();
        assertThat(sarif.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("infra%20stacks/samples/cloudformation/incident/app.yaml");
        assertThat(sarif.at("/runs/0/originalUriBaseIds/%SRCROOT%/uri").asText()).isEqualTo(root.rootUri());
    }

    @Test
    void hostileTextStaysValidSarif() throws Exception {
        String hostile = "<script>alert(1)</script> \"q\" 'a' & ]]> \u0001\u001b[31m \\ %0A\r\n" + "x".repeat(10_000);
        JsonNode sarif = write(ReportScenarios.hostile(hostile), new SarifReport(
                RepositoryRoot.of(Path.of("").toAbsolutePath())));
        assertThat(validate(sarif)).isEmpty();
        assertThat(sarif.at("/runs/0/results/0/properties/resource").asText()).isEqualTo(hostile);
    }

    private JsonNode run(Path input) throws Exception {
        Path out = tmp.resolve("report-" + System.nanoTime() + ".sarif");
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[] {"check", "--format", "sarif=" + out, "--fail-on", "never", input.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isEqualTo(0);
        return new ObjectMapper().readTree(out.toFile());
    }

    private static JsonNode write(RunOutcome o, Report report) throws IOException {
        StringWriter w = new StringWriter();
        report.write(o, w);
        return new ObjectMapper().readTree(w.toString());
    }

    @Test
    void cfnLintRulesAreNotSecurityRules() throws Exception {
        RunOutcome o = ReportScenarios.incident();
        RuleMetadata w2001 = RuleMetadata.rule("cfn-lint:W2001").title("Check if Parameters are Used")
                .severity(dev.preflight.rule.Severity.WARNING).text("Making sure the parameters defined are used", null, null, null)
                .documentation("https://github.com/aws-cloudformation/cfn-lint").tags("cfn-lint").build();
        java.util.List<RuleMetadata> rules = new java.util.ArrayList<>(o.rules());
        rules.add(w2001);
        JsonNode sarif = write(new RunOutcome(o.toolVersion(), o.startedAt(), o.inputs(), o.results(), o.coverage(), rules,
                o.failures(), o.faults()), new SarifReport(new RepositoryRoot(tmp, tmp)));
        assertThat(validate(sarif)).isEmpty();
        JsonNode rule = sarif.at("/runs/0/tool/driver/rules/" + (rules.size() - 1));
        assertThat(rule.get("id").asText()).isEqualTo("cfn-lint:W2001");
        assertThat(rule.at("/properties/tags").toString()).doesNotContain("security").contains("cfn-lint");
        assertThat(rule.at("/properties/security-severity").isMissingNode()).isTrue();
    }
}
