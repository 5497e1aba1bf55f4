package dev.preflight.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preflight check} on the Terraform samples' configuration without their plan: the incident's findings at
 * {@code .tf} lines, and the same verdicts as the plan of the same configuration gives (parity).
 */
class TerraformConfigurationCheckTest {
    private static final Path SAMPLES = Path.of("../samples/terraform");

    @TempDir
    Path tmp;

    /** The sample folder copied without its plan.json. */
    private Path withoutPlan(String sample) throws IOException {
        Path src = SAMPLES.resolve(sample);
        Path dst = tmp.resolve(sample);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals("plan.json")) {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    private JsonNode run(int expectedExit, String... args) throws IOException {
        Path out = tmp.resolve("r" + System.nanoTime() + ".json");
        List<String> a = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--format", "json=" + out));
        a.addAll(List.of(args));
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(a.toArray(String[]::new), new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isEqualTo(expectedExit);
        return new ObjectMapper().readTree(out.toFile());
    }

    private static List<String> failures(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : report.get("results")) {
            if (r.get("verdict").asText().equals("FAIL") && r.get("line").asInt() > 0) {
                String file = r.get("file").asText();
                out.add(r.get("ruleId").asText() + " " + r.get("resource").asText() + " "
                        + file.substring(file.indexOf("incident/")) + ":" + r.get("line").asInt());
            }
        }
        return out;
    }

    private static Set<String> verdicts(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode r : report.get("results")) {
            // a result about a whole input names the input (plan.json or the folder): the same subject
            String resource = r.get("line").asInt() == 0 ? "(input)" : r.get("resource").asText();
            out.add(r.get("ruleId").asText() + " " + resource + " " + r.get("verdict").asText());
        }
        return out;
    }

    @Test
    void theIncidentWithoutItsPlanFailsAtTheTfLinesOfItsResources() throws IOException {
        JsonNode report = run(1, withoutPlan("incident").toString());
        assertThat(report.get("inputs")).singleElement().satisfies(i -> {
            assertThat(i.get("format").asText()).isEqualTo("terraform-configuration");
            assertThat(i.get("resources").asInt()).isEqualTo(17);
        });
        assertThat(failures(report)).containsExactlyInAnyOrder(
                "GD001 module.network.aws_vpc.this incident/modules/network/main.tf:16",
                "GD002 aws_autoscaling_group.app incident/main.tf:75",
                "GD002 aws_instance.batch incident/main.tf:88",
                "GD007 aws_instance.batch incident/main.tf:88",
                "GD014 aws_instance.batch incident/main.tf:88",
                "GD008 aws_organizations_policy.security_tooling incident/organization.tf:3");
    }

    @Test
    void configurationAndPlanGiveTheSameVerdicts() throws IOException {
        for (String sample : List.of("incident", "fixed")) {
            int exit = sample.equals("incident") ? 1 : 0;
            Set<String> fromPlan = verdicts(run(exit, SAMPLES.resolve(sample).resolve("plan.json").toString()));
            Set<String> fromConfiguration = verdicts(run(exit, withoutPlan(sample).toString()));
            assertThat(fromConfiguration).as(sample).isEqualTo(fromPlan);
        }
    }

    @Test
    void aFolderWithItsPlanIsReadFromThePlanAndItsModulesAreNotRoots() throws IOException {
        JsonNode report = run(1, SAMPLES.resolve("incident").toString());
        assertThat(report.get("inputs")).singleElement()
                .satisfies(i -> assertThat(i.get("format").asText()).isEqualTo("terraform-plan"));
    }

    @Test
    void aSyntaxErrorIsExitTwoWithOneLineAndTheRestIsStillChecked() throws IOException {
        Path dir = withoutPlan("incident");
        Files.writeString(dir.resolve("broken.tf"), "resource \"aws_vpc\" \"x\" {\n  cidr_block = \"10.0.0.0/16\n}\n");
        JsonNode report = run(2, dir.toString());
        assertThat(report.get("errors").toString()).contains("broken.tf:2:16: string is not closed on its line");
        assertThat(failures(report)).contains("GD007 aws_instance.batch incident/main.tf:88");
    }

    @Test
    void aCountTheConfigurationCannotExpandLeavesTheNumberOfInstancesUnknownNamingWhy() throws IOException {
        Path dir = tmp.resolve("count");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("main.tf"), """
                data "aws_subnets" "private" {
                  filter {
                    name   = "tag:Tier"
                    values = ["private"]
                  }
                }
                resource "aws_instance" "web" {
                  count         = length(data.aws_subnets.private.ids)
                  ami           = "ami-0123456789abcdef0"
                  instance_type = "t3.micro"
                  subnet_id     = data.aws_subnets.private.ids[count.index]
                  tags          = { GuardDutyManaged = "false" }
                }
                """);
        StringWriter out = new StringWriter();
        int code = PreflightCommand.execute(new String[]{"check", "--format", "text", dir.toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("Predicted coverage: cannot be computed: the number of instances of "
                + "aws_instance.web is not known: count of aws_instance.web is not known before apply "
                + "(data.aws_subnets.private.ids is read by data source data.aws_subnets.private at plan time)")
                .doesNotContain("1 instance ");
    }
}
