package dev.preflight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: exit codes, one-line errors, atomic report files. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void usageErrorsExitThree() {
        assertThat(run("check").code()).isEqualTo(3);
        assertThat(run("check", "--bogus", "x").err()).contains("Unknown option: '--bogus'");
        Run r = run("check", "--format", "yaml", dir.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("unknown format 'yaml'");
        assertThat(run("check", "--format", "text", "--format", "json", dir.toString()).err())
                .contains("only one format can go to standard output");
        assertThat(run("check", "--fail-on", "sometimes", dir.toString()).code()).isEqualTo(3);
    }

    @Test
    void mistypedSubcommandsAndOptionsGetASuggestion() {
        Run r = run("chek", "samples");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("Did you mean: preflight check?");
        Run o = run("check", "--fial-on", "error", dir.toString());
        assertThat(o.code()).isEqualTo(3);
        assertThat(o.err()).contains("Unknown option: '--fial-on'").contains("Did you mean: --fail-on?");
        assertThat(run("check", "--xyzzy", dir.toString()).err()).doesNotContain("Did you mean");
    }

    @Test
    void aBadConfigurationExitsThreeWithItsLine() throws IOException {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "waivers:\n  - {rule: '*', resource: X}\n");
        Run r = run("check", "--config", cfg.toString(), dir.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip()).isEqualTo("preflight: " + cfg + ":2: a waiver needs 'reason' (rule, resource and reason are required)");
    }

    @Test
    void anUnreadableInputExitsTwoAndTheOthersAreStillReported() throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "Resources:\n  Vpc:\n    Type: [unclosed\n");
        Path json = dir.resolve("out/report.json");
        Run r = run("check", "--format", "json=" + json, "--format", "text", good.toString(), bad.toString(),
                dir.resolve("missing.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains(bad + ":").contains("missing.yaml: no such file or directory");
        assertThat(r.out()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<String> formats = report.get("inputs").findValuesAsText("file");
        assertThat(formats).contains(good.toString(), bad.toString());
        for (JsonNode in : report.get("inputs")) {
            assertThat(in.get("error").isNull()).as("error of %s", in).isEqualTo(in.get("file").asText().equals(good.toString()));
        }
        assertThat(report.get("errors")).hasSize(2);
        try (var files = Files.list(json.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("report.json");
        }
    }

    @Test
    void aPlanOfAShapeTheFormatDoesNotAllowExitsTwoNamingThePathAndTheOtherPlansAreChecked() throws IOException {
        Path bad = dir.resolve("bad/plan.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"format_version\": \"1.2\",\n \"planned_values\": {\"root_module\": "
                + "{\"resources\": {\"aws_vpc.main\": {}}}}}\n");
        Path good = Path.of("../samples/terraform/incident/plan.json");
        Run r = run("check", "--format", "text", bad.toString(), good.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains(bad + ":2:50: not a valid Terraform plan: planned_values.root_module.resources: "
                + "expected a list, found an object");
        assertThat(r.out()).contains("GD001  error    module.network.aws_vpc.this");
    }

    @Test
    void aFileThatIsNoInputIsListedAsSkipped() throws IOException {
        Path k8s = dir.resolve("pod.yaml");
        Files.writeString(k8s, "apiVersion: v1\nkind: Pod\n");
        Files.writeString(dir.resolve("vpc.yaml"), "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n");
        Run r = run("check", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("pod.yaml  skipped: not a CloudFormation template");
    }

    @Test
    void scpFilesAreCheckableOnTheirOwn() throws IOException {
        Path deny = dir.resolve("deny.json");
        Files.writeString(deny, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", "
                + "\"Action\": \"guardduty:*\", \"Resource\": \"*\"}]}\n");
        Path lockdown = dir.resolve("lockdown.json");
        Files.writeString(lockdown, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", "
                + "\"NotAction\": [\"guardduty:*\", \"iam:*\"], \"Resource\": \"*\", \"Condition\": "
                + "{\"StringNotEquals\": {\"aws:RequestedRegion\": [\"eu-west-1\"]}}}]}\n");
        Path json = dir.resolve("scp.json");
        Run r = run("check", "--region", "us-east-1", "--format", "json=" + json, "--format", "text",
                "--scp", deny.toString(), "--scp", lockdown.toString());
        assertThat(r.err()).doesNotContain("Missing required parameter");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains(deny + ":1:1  GD008  error").contains("Checked 2 inputs");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<String> verdicts = new java.util.ArrayList<>();
        for (JsonNode res : report.get("results")) {
            verdicts.add(res.get("ruleId").asText() + " " + res.get("verdict").asText() + " " + res.get("file").asText());
        }
        assertThat(verdicts).containsExactlyInAnyOrder("GD008 FAIL " + deny, "GD008 PASS " + lockdown);
    }

    @Test
    void withoutPathOrScpThereIsNothingToCheck() {
        Run r = run("check");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("give a PATH to check, or --scp FILE");
    }

    @Test
    void aFolderWithNothingCheckableIsAnErrorNotAnEmptyPass() throws IOException {
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\n");
        Files.writeString(dir.resolve("README.md"), "# docs\n");
        Run r = run("check", "--cfn-lint", "off", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: " + dir + ": nothing checkable found: looked for CloudFormation templates, "
                + "Terraform plans, CDK cloud assemblies or Terraform configuration")
                .contains("Nothing was checked: every input had an error (above)");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run e = run("check", "--cfn-lint", "off", empty.toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.out()).contains(empty + ": nothing checkable found");
    }

    @Test
    void versionAndRuleListing() {
        assertThat(run("--version").out()).startsWith("preflight ");
        assertThat(run("explain", "GD999").code()).isEqualTo(3);
    }

    /** explain prints the rule's page as docs/rules has it: its metadata and the Markdown beside its class. */
    @Test
    void explainPrintsTheRulesPage() throws IOException {
        Run r = run("explain", "gd002");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(Path.of("../docs/rules/GD002.md")))
                .contains("## Fix in CDK (Java)").contains("InterfaceVpcEndpointAwsService.GUARDDUTY_DATA")
                .contains("- GuardDuty coverage issue it prevents: No Agent Reporting");
    }
}
