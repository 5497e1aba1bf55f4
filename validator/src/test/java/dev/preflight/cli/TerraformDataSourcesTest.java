package dev.preflight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data sources read during the plan ({@code prior_state}) are values: a workload in a VPC read with
 * {@code data.aws_vpc} and a role given {@code AmazonSSMManagedInstanceCore} through {@code data.aws_iam_policy}
 * are decided on the plan alone (real plan, made against an AWS API mock: see the fixture's aws-mock.py).
 */
class TerraformDataSourcesTest {
    @TempDir
    Path dir;

    @Test
    void dataSourcesOfThePlanDecideTheNetworkAndSsmRules() throws IOException {
        Path json = dir.resolve("r.json");
        CliTest.Run r = CliTest.run("check", "--fail-on", "never", "--format", "json=" + json,
                "src/test/resources/load/terraform/data-sources");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> verdicts = new ArrayList<>();
        for (JsonNode x : new ObjectMapper().readTree(json.toFile()).get("results")) {
            verdicts.add(x.get("verdict").asText() + " " + x.get("ruleId").asText() + " " + x.get("resource").asText());
        }
        assertThat(verdicts).contains("PASS GD001 data.aws_vpc.shared", "PASS GD002 aws_instance.app",
                "PASS GD003 aws_instance.app", "PASS GD010 aws_instance.app", "PASS GD005 aws_vpc_endpoint.guardduty_data");
    }
}
