package dev.preflight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A root module on terraform-aws-modules/vpc/aws 5.21.0 (vendored under .terraform/modules as terraform init leaves
 * it), with its one-line plan: the module's subnets take {@code vpc_id = local.vpc_id}, which the plan leaves
 * unknown and cannot resolve; the configuration beside it decides ({@code try()} falls through to
 * {@code aws_vpc.this[0]}), and findings sit in the module's own file with the module call related.
 */
class TerraformRegistryModuleTest {
    static final Path ROOT = Path.of("src/test/resources/load/terraform/registry-vpc");

    @TempDir
    Path dir;

    @Test
    void theModulesSubnetsLandInTheirVpcAndFindingsSitInTheModulesFile() throws IOException {
        Path json = dir.resolve("r.json");
        CliTest.Run r = CliTest.run("check", "--fail-on", "never", "--show-passes", "--format", "json=" + json,
                "--format", "text", ROOT.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(ROOT + "/.terraform/modules/vpc/main.tf:28:1  GD001  pass     module.vpc.aws_vpc.this[0]");
        for (String rule : List.of("GD002", "GD003", "GD004")) {
            assertThat(r.out()).contains(ROOT + "/main.tf:49:1  " + rule + "  pass     aws_instance.app");
        }
        assertThat(r.out()).doesNotContain("is not in the inputs");

        List<String> related = new ArrayList<>();
        for (JsonNode x : new ObjectMapper().readTree(json.toFile()).get("results")) {
            if (x.get("ruleId").asText().equals("GD001")) {
                for (JsonNode rel : x.get("related")) {
                    related.add(rel.get("file").asText() + ":" + rel.get("line").asInt() + " " + rel.get("message").asText());
                }
            }
        }
        assertThat(related).contains(ROOT + "/main.tf:5 module call module.vpc",
                ROOT + "/plan.json:1 planned in plan.json");
    }

    @Test
    void withoutTheConfigurationThePlanAloneCannotTellTheSubnetsVpc() throws IOException {
        Path plan = dir.resolve("plan.json");
        Files.copy(ROOT.resolve("plan.json"), plan);
        CliTest.Run r = CliTest.run("check", "--fail-on", "never", "--format", "text", plan.toString());
        assertThat(r.out()).contains("GD002  unknown  aws_instance.app")
                .contains("module.vpc.aws_subnet.private[0].vpc_id is known after apply");
    }
}
