package dev.preflight.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preflight reconcile} end to end over the samples and hand-written console exports
 * ({@code src/test/resources/reconcile}: list-coverage pages in the CLI's and the API's casing, describe-instances,
 * a Terraform state, an EventBridge event, every EC2 issue type of prerequisites 7.2). The JSON report is checked
 * field by field and validated against {@code docs/reconcile-report.schema.json}.
 */
class ReconcileCommandTest {
    private static final Path FIXTURES = Path.of("src/test/resources/reconcile");
    private static final Path SCHEMA = Path.of("../docs/reconcile-report.schema.json");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err, JsonNode json) {
        JsonNode instance(String id) {
            for (JsonNode i : json.get("instances")) {
                if (i.get("instanceId").asText().equals(id)) {
                    return i;
                }
            }
            throw new AssertionError("no instance " + id + " in " + json.get("instances"));
        }
    }

    private Run reconcile(String... args) throws Exception {
        Path report = tmp.resolve("reconcile-" + System.nanoTime() + ".json");
        List<String> all = new ArrayList<>(List.of("reconcile", "--cfn-lint", "off", "--format", "text", "--format", "json=" + report));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        JsonNode json = Files.exists(report) ? new ObjectMapper().readTree(report.toFile()) : null;
        return new Run(code, out.toString(), err.toString(), json);
    }

    private static String f(String dir, String file) {
        return FIXTURES.resolve(dir).resolve(file).toString();
    }

    private static List<Error> schemaErrors(JsonNode report) throws Exception {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            return schema.validate(report);
        }
    }

    @Test
    void theIncidentSampleExplainsTheSeedsNoAgentReporting() throws Exception {
        Run r = reconcile("--coverage", f("cloudformation-incident", "list-coverage-1.json") + ","
                        + f("cloudformation-incident", "list-coverage-2.json"),
                "--instances", f("cloudformation-incident", "describe-instances.json"), "../samples/cloudformation/incident");
        assertThat(r.code()).as(r.err()).isEqualTo(1); // the check's findings at error, as check exits
        assertThat(r.json().get("errors")).isEmpty();
        for (String id : List.of("i-0a1f00000000000a1", "i-0a1f00000000000a2", "i-0a1f00000000000a3")) {
            JsonNode i = r.instance(id);
            assertThat(i.get("consoleStatus").asText()).isEqualTo("Unhealthy");
            assertThat(i.get("consoleIssue").asText()).isEqualTo("No Agent Reporting");
            assertThat(i.get("predictedStatus").asText()).isEqualTo("Unhealthy");
            assertThat(i.get("resource").asText()).isEqualTo("AppGroup");
            assertThat(i.get("explainedBy").toString()).contains("GD002");
            // the finding that explains the console's issue comes first, with its place and fix
            JsonNode first = i.get("findings").get(0);
            assertThat(first.get("ruleId").asText()).isEqualTo("GD002");
            assertThat(first.get("file").asText()).endsWith("incident/app.yaml");
            assertThat(first.get("line").asInt()).isEqualTo(55);
            assertThat(first.get("fix").asText()).contains("443");
            assertThat(i.get("unseen")).isEmpty();
        }
        JsonNode batch = r.instance("i-0b2f00000000000b1");
        assertThat(batch.get("predictedStatus").asText()).isEqualTo("Excluded");
        assertThat(batch.get("agreement").asText()).isEqualTo("match");
        assertThat(batch.get("rules").toString()).contains("GD007");
        JsonNode bastion = r.instance("i-0c3f00000000000c1");
        assertThat(bastion.get("resource").isNull()).isTrue();
        assertThat(bastion.get("agreement").asText()).isEqualTo("not-from-code");
        assertThat(bastion.get("link").asText()).contains("payments-bastion").contains("not among the inputs");
        JsonNode s = r.json().get("summary");
        assertThat(s.get("instances").asInt()).isEqualTo(5);
        assertThat(s.get("fromCode").asInt()).isEqualTo(4);
        assertThat(s.at("/console/percent").asDouble()).isEqualTo(20.0);
        assertThat(s.at("/consoleForCode/percent").asDouble()).isEqualTo(0.0);
        assertThat(s.at("/predicted/percent").asDouble()).isEqualTo(0.0);
        assertThat(s.at("/right/Unhealthy/right").asInt()).isEqualTo(4);
        assertThat(s.at("/right/right").asInt()).isEqualTo(4);
        assertThat(s.at("/unhealthyExplained/explained").asInt()).isEqualTo(4);
        assertThat(r.out()).contains("Unhealthy instances explained by a finding: 4 of 4");
        assertThat(schemaErrors(r.json())).isEmpty();
    }

    @Test
    void theEventSetsTheStatusOfItsInstance() throws Exception {
        Run r = reconcile("--coverage", f("cloudformation-incident", "list-coverage-2.json"),
                "--instances", f("cloudformation-incident", "describe-instances.json"),
                "--event", f("cloudformation-incident", "event-unhealthy.json"), "../samples/cloudformation/incident");
        JsonNode i = r.instance("i-0a1f00000000000a2");
        assertThat(i.get("consoleSource").asText()).contains("event");
        assertThat(i.get("consoleStatus").asText()).isEqualTo("Unhealthy");
        assertThat(i.get("explainedBy").toString()).contains("GD002");
        assertThat(r.json().get("errors")).isEmpty();
        assertThat(schemaErrors(r.json())).isEmpty();
    }

    @Test
    void everyEc2IssueTypeGetsItsTroubleshootingHintWhenTheCodeDoesNotExplainIt() throws Exception {
        Run r = reconcile("--coverage", f("cloudformation-fixed", "list-coverage.json"),
                "--instances", f("cloudformation-fixed", "describe-instances.json"), "../samples/cloudformation/fixed");
        assertThat(r.code()).as(r.err() + r.json().get("errors")).isEqualTo(0);
        Map<String, String> expected = new HashMap<>();
        expected.put("i-0e5f00000000000e1", "kernel");
        expected.put("i-0e5f00000000000e2", "kernel");
        expected.put("i-0e5f00000000000e3", "imds-outside-code");
        expected.put("i-0e5f00000000000e4", "ssm-association");
        expected.put("i-0e5f00000000000e5", "ssm-association");
        expected.put("i-0e5f00000000000e6", "ssm-association-missing");
        expected.put("i-0e5f00000000000e7", "ssm-association-missing");
        expected.put("i-0e5f00000000000e8", "ssm-execution");
        expected.put("i-0e5f00000000000e9", "shared-vpc-owner");
        expected.put("i-0e5f0000000000e10", "shared-vpc-owner");
        expected.put("i-0e5f0000000000e11", "vpc-outside-code");
        expected.put("i-0e5f0000000000e12", "shared-vpc-owner");
        expected.put("i-0e5f0000000000e13", "legacy-agent");
        expected.put("i-0e5f0000000000e14", "not-ssm-managed");
        // these instances are not made by the code: the hint is only "not from the code", their issue type is parsed
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode i = r.instance(e.getKey());
            assertThat(i.get("agreement").asText()).isEqualTo("not-from-code");
            assertThat(i.get("consoleIssueType").isNull()).as(e.getKey()).isFalse();
            assertThat(ConsoleIssue.parse(i.get("consoleIssue").asText()).unseen(i.get("managementType").asText())
                    .stream().map(Unseen::code).toList()).as(e.getKey()).contains(e.getValue());
        }
        // made by the code and predicted Healthy, but the agent disconnected: not explained, with the agent hint
        JsonNode disconnected = r.instance("i-0d4f00000000000d3");
        assertThat(disconnected.get("predictedStatus").asText()).isEqualTo("Healthy");
        assertThat(disconnected.get("agreement").asText()).isEqualTo("mismatch");
        assertThat(disconnected.get("explainedBy")).isEmpty();
        assertThat(disconnected.get("unseen").toString()).contains("agent-stopped").contains("journalctl");
        assertThat(r.instance("i-0d4f00000000000d1").get("agreement").asText()).isEqualTo("match");
        assertThat(r.instance("i-0b3f00000000000b2").get("agreement").asText()).isEqualTo("match");
        // the ECS-on-EC2 instance keeps its cluster; the EKS cluster is outside this check
        assertThat(r.instance("i-0f6f00000000000f1").get("clusterArn").asText()).contains(":cluster/orders");
        assertThat(r.json().get("outsideCheck").get(0).get("resourceType").asText()).isEqualTo("EKS");
        JsonNode s = r.json().get("summary");
        assertThat(s.at("/right/Healthy/right").asInt()).isEqualTo(2);
        assertThat(s.at("/right/Healthy/of").asInt()).isEqualTo(2);
        assertThat(s.at("/right/Unhealthy/right").asInt()).isEqualTo(1);
        assertThat(s.at("/right/Unhealthy/of").asInt()).isEqualTo(2);
        assertThat(s.at("/unhealthyExplained/explained").asInt()).isEqualTo(1);
        assertThat(schemaErrors(r.json())).isEmpty();
    }

    @Test
    void terraformInstancesLinkThroughStateOrTags() throws Exception {
        Run withState = reconcile("--coverage", f("terraform-incident", "list-coverage.json"),
                "--instances", f("terraform-incident", "describe-instances.json"),
                "--terraform-state", f("terraform-incident", "state.json"), "../samples/terraform/incident/plan.json");
        assertThat(withState.json().get("errors")).isEmpty();
        assertThat(withState.instance("i-07aa0000000000001").get("resource").asText()).isEqualTo("aws_autoscaling_group.app");
        assertThat(withState.instance("i-07aa0000000000001").get("explainedBy").toString()).contains("GD002");
        JsonNode batch = withState.instance("i-07bb0000000000001");
        assertThat(batch.get("resource").asText()).isEqualTo("aws_instance.batch");
        assertThat(batch.get("link").asText()).contains("Terraform state");
        assertThat(batch.get("agreement").asText()).isEqualTo("match");

        Run byTag = reconcile("--coverage", f("terraform-incident", "list-coverage.json"),
                "--instances", f("terraform-incident", "describe-instances.json"), "--match-tag", "Name",
                "../samples/terraform/incident/plan.json");
        assertThat(byTag.instance("i-07bb0000000000001").get("link").asText()).contains("--match-tag Name");
        Run noLink = reconcile("--coverage", f("terraform-incident", "list-coverage.json"),
                "--instances", f("terraform-incident", "describe-instances.json"), "../samples/terraform/incident/plan.json");
        assertThat(noLink.instance("i-07bb0000000000001").get("agreement").asText()).isEqualTo("not-from-code");

        Run fixed = reconcile("--coverage", f("terraform-fixed", "list-coverage.json"),
                "--instances", f("terraform-fixed", "describe-instances.json"), "--match-tag", "Name",
                "../samples/terraform/fixed/plan.json");
        assertThat(fixed.code()).isEqualTo(0);
        assertThat(fixed.json().at("/summary/right/right").asInt()).isEqualTo(4);
        assertThat(fixed.json().at("/summary/console/percent").asDouble()).isEqualTo(75.0);
        assertThat(schemaErrors(fixed.json())).isEmpty();
    }

    @Test
    void badAccountFilesAreOneLineEachAndTheRestIsReconciled() throws Exception {
        Path otherDetector = tmp.resolve("other-detector.json");
        Files.writeString(otherDetector, Files.readString(Path.of(f("cloudformation-incident", "list-coverage-2.json")))
                .replace("12abc34d567e8fa901bc2d34e56789f0", "99ffffffffffffffffffffffffffffff"));
        Path duplicate = tmp.resolve("duplicate.json");
        Files.writeString(duplicate, "{\"Resources\": [{\"ResourceId\": \"i-0a1f00000000000a1\", \"DetectorId\": "
                + "\"12abc34d567e8fa901bc2d34e56789f0\", \"AccountId\": \"111122223333\", \"ResourceDetails\": "
                + "{\"ResourceType\": \"EC2\", \"Ec2InstanceDetails\": {\"InstanceId\": \"i-0a1f00000000000a1\"}}, "
                + "\"CoverageStatus\": \"HEALTHY\"}, {\"ResourceId\": \"i-0999999999999999f\", \"DetectorId\": "
                + "\"12abc34d567e8fa901bc2d34e56789f0\", \"AccountId\": \"111122223333\", \"ResourceDetails\": "
                + "{\"ResourceType\": \"EC2\", \"Ec2InstanceDetails\": {\"InstanceId\": \"i-0999999999999999f\"}}, "
                + "\"CoverageStatus\": \"UNHEALTHY\", \"Issue\": \"No Agent Reporting\"}]}");
        Path otherAccount = tmp.resolve("other-account.json");
        Files.writeString(otherAccount, Files.readString(Path.of(f("cloudformation-incident", "list-coverage-2.json")))
                .replace("111122223333", "999988887777"));
        Run r = reconcile("--coverage", f("cloudformation-incident", "list-coverage-1.json"),
                "--coverage", "../samples/terraform/incident/plan.json",
                "--coverage", otherDetector.toString(), "--coverage", duplicate.toString(), "--coverage", otherAccount.toString(),
                "--instances", f("cloudformation-incident", "describe-instances.json"), "../samples/cloudformation/incident");
        assertThat(r.code()).isEqualTo(2);
        List<String> errors = new ArrayList<>();
        r.json().get("errors").forEach(e -> errors.add(e.asText()));
        assertThat(errors).hasSize(5);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("plan.json").contains("not list-coverage output")
                .contains("Terraform plan"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("other-detector.json").contains("detector 99ff"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("other-account.json").contains("account 999988887777"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("i-0a1f00000000000a1").contains("listed again"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("i-0999999999999999f").contains("not in describe-instances"));
        assertThat(errors).allSatisfy(e -> assertThat(e).doesNotContain("\n"));
        // the readable pages are still reconciled; the first entry of a duplicate wins
        assertThat(r.instance("i-0a1f00000000000a1").get("consoleStatus").asText()).isEqualTo("Unhealthy");
        assertThat(r.instance("i-0999999999999999f").get("agreement").asText()).isEqualTo("not-from-code");
        assertThat(r.instance("i-0b2f00000000000b1").get("agreement").asText()).isEqualTo("match");
        assertThat(schemaErrors(r.json())).isEmpty();
    }

    @Test
    void everyFormatCarriesTheReconciliation() throws Exception {
        Path md = tmp.resolve("r.md");
        Path html = tmp.resolve("r.html");
        Path sarif = tmp.resolve("r.sarif");
        Run r = reconcile("--format", "markdown=" + md, "--format", "html=" + html, "--format", "sarif=" + sarif,
                "--coverage", f("cloudformation-incident", "list-coverage-1.json"),
                "--instances", f("cloudformation-incident", "describe-instances.json"), "../samples/cloudformation/incident");
        assertThat(r.code()).isEqualTo(1);
        assertThat(Files.readString(md)).contains("Unhealthy explained by a finding | 3 of 3")
                .contains("<code>i-0a1f00000000000a1</code>");
        String page = Files.readString(html);
        assertThat(page).contains("Content-Security-Policy").contains("data-check=\"diagram\"").contains("i-0a1f00000000000a2")
                .doesNotContain("<script");
        JsonNode s = new ObjectMapper().readTree(sarif.toFile());
        JsonNode results = s.at("/runs/0/results");
        assertThat(results.size()).isGreaterThan(0);
        List<String> rules = new ArrayList<>();
        results.forEach(x -> rules.add(x.get("ruleId").asText()));
        // GD001 explains it too: the VPC's DNS is a cause of No Agent Reporting where GuardDuty reuses the customer's endpoint
        assertThat(rules).contains("GD002", "GD001", "GD007");
        assertThat(results.get(0).at("/message/text").asText()).contains("explains the console's Unhealthy");
        Path schemaFile = Stream.of(Path.of("../../shared/schemas/sarif-schema-2.1.0.json"),
                Path.of("/work/shared/schemas/sarif-schema-2.1.0.json")).filter(Files::isRegularFile).findFirst().orElse(null);
        if (schemaFile != null) {
            try (InputStream in = Files.newInputStream(schemaFile)) {
                Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
                assertThat(schema.validate(s)).isEmpty();
            }
        }
        StringWriter err = new StringWriter();
        int usage = PreflightCommand.execute(new String[] {"reconcile", "--format", "junit", "--coverage", "x.json",
                "--instances", "y.json", "."}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(usage).isEqualTo(3);
        assertThat(err.toString()).contains("unknown format 'junit'");
    }

    @Test
    void whenTheConsoleDisagreesTheEntrySaysWhatPreflightCouldNotSee() throws Exception {
        String page = Files.readString(Path.of(f("cloudformation-incident", "list-coverage-1.json")));
        // a1 healthy although the code predicts Unhealthy; a2 unhealthy for a cause no rule checks
        String edited = page.replaceFirst("\"CoverageStatus\": \"UNHEALTHY\",\\s*\"Issue\": \"No Agent Reporting\"",
                        "\"CoverageStatus\": \"HEALTHY\"")
                .replaceFirst("\"Issue\": \"No Agent Reporting\"", "\"Issue\": \"VPC Endpoint Creation Failed: Owner account ID "
                        + "444455556666 for shared VPC vpc-0c0ffee1234567890 doesn't have either Runtime Monitoring, automated agent "
                        + "configuration, or both, enabled\"");
        Path coverage = tmp.resolve("edited.json");
        Files.writeString(coverage, edited);
        Run r = reconcile("--coverage", coverage.toString(), "--instances", f("cloudformation-incident", "describe-instances.json"),
                "../samples/cloudformation/incident");
        JsonNode healthy = r.instance("i-0a1f00000000000a1");
        assertThat(healthy.get("consoleStatus").asText()).isEqualTo("Healthy");
        assertThat(healthy.get("agreement").asText()).isEqualTo("mismatch");
        assertThat(healthy.get("unseen").toString()).contains("change-outside-code").contains("link-local-path");
        JsonNode owner = r.instance("i-0a1f00000000000a2");
        // Unhealthy as predicted, but GuardDuty reuses the customer's endpoint: none of the code's findings creates one
        assertThat(owner.get("agreement").asText()).isEqualTo("issue-differs");
        assertThat(owner.get("explainedBy")).isEmpty();
        assertThat(owner.get("unseen").toString()).contains("shared-vpc-owner");
        assertThat(r.json().at("/summary/unhealthyExplained/explained").asInt()).isEqualTo(1); // the batch host only
        assertThat(r.json().at("/summary/right/Healthy/right").asInt()).isZero();
        assertThat(schemaErrors(r.json())).isEmpty();
    }

    @Test
    void theReadmeShowsWhatTheIncidentReconciliationPrints() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("$ bin/preflight reconcile");
        assertThat(start).as("the README shows a reconcile run").isPositive();
        String block = readme.substring(start, readme.indexOf("```", start));
        String shown = block.substring(block.indexOf("samples/cloudformation/incident\n") + "samples/cloudformation/incident\n".length());
        Run r = reconcile("--coverage", f("cloudformation-incident", "list-coverage-1.json") + ","
                        + f("cloudformation-incident", "list-coverage-2.json"),
                "--instances", f("cloudformation-incident", "describe-instances.json"), "../samples/cloudformation/incident");
        String root = Path.of("..").toAbsolutePath().normalize() + "/";
        assertThat(r.out().replace(root, "").replace("../samples/", "samples/")).isEqualTo(shown);
    }

    @Test
    void aWarningFindingExplainsTheConsoleWhenItsIssueIsTheConsoles() throws Exception {
        Path code = tmp.resolve("code");
        Files.createDirectories(code);
        Files.writeString(code.resolve("host.yaml"), """
                AWSTemplateFormatVersion: '2010-09-09'
                Resources:
                  Vpc:
                    Type: AWS::EC2::VPC
                    Properties: {CidrBlock: 10.30.0.0/16, EnableDnsSupport: true, EnableDnsHostnames: true}
                  Subnet:
                    Type: AWS::EC2::Subnet
                    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.30.0.0/24}
                  Sg:
                    Type: AWS::EC2::SecurityGroup
                    Properties: {GroupDescription: host, VpcId: !Ref Vpc}
                  Host:
                    Type: AWS::EC2::Instance
                    Properties:
                      ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'
                      InstanceType: m7i.large
                      SubnetId: !Ref Subnet
                      SecurityGroupIds: [!Ref Sg]
                """);
        Path coverage = tmp.resolve("coverage.json");
        Files.writeString(coverage, "{\"Resources\": [{\"ResourceId\": \"i-0123456789abcdef0\", \"DetectorId\": \"d1\", "
                + "\"AccountId\": \"111122223333\", \"ResourceDetails\": {\"ResourceType\": \"EC2\", \"Ec2InstanceDetails\": "
                + "{\"InstanceId\": \"i-0123456789abcdef0\", \"ManagementType\": \"AUTO_MANAGED\"}}, \"CoverageStatus\": \"UNHEALTHY\", "
                + "\"Issue\": \"No Agent Reporting: Waiting for SSM notification\"}]}");
        Path instances = tmp.resolve("instances.json");
        Files.writeString(instances, "{\"Reservations\": [{\"OwnerId\": \"111122223333\", \"Instances\": [{\"InstanceId\": "
                + "\"i-0123456789abcdef0\", \"State\": {\"Name\": \"running\"}, \"Tags\": [{\"Key\": \"aws:cloudformation:stack-name\", "
                + "\"Value\": \"host\"}, {\"Key\": \"aws:cloudformation:logical-id\", \"Value\": \"Host\"}]}]}]}");
        Run r = reconcile("--coverage", coverage.toString(), "--instances", instances.toString(), code.toString());
        JsonNode host = r.instance("i-0123456789abcdef0");
        assertThat(host.get("resource").asText()).isEqualTo("Host");
        assertThat(host.get("findings").toString()).contains("GD010");
        assertThat(host.get("explainedBy").toString()).contains("GD010");
        assertThat(host.get("unseen")).isEmpty();
        assertThat(r.json().at("/summary/unhealthyExplained/explained").asInt()).isEqualTo(1);
        assertThat(schemaErrors(r.json())).isEmpty();
    }
}
