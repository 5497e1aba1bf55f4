package dev.preflight.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths GD001-GD004 put in their results, read from the JSON report of real runs: the same hops, in traffic
 * order, from CloudFormation and from Terraform (the rules read the model, not the dialect), and the hop each rule
 * decides marked where it fails.
 */
class NetworkPathsTest {
    @TempDir
    Path tmp;

    private JsonNode run(String input) throws Exception {
        Path json = tmp.resolve("report-" + System.nanoTime() + ".json");
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[] {"check", "--cfn-lint", "off", "--fail-on", "never",
                "--format", "json=" + json, input}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    private static JsonNode result(JsonNode report, String rule, String resource) {
        for (JsonNode r : report.path("results")) {
            if (r.path("ruleId").asText().equals(rule) && r.path("resource").asText().equals(resource)) {
                return r;
            }
        }
        throw new AssertionError("no " + rule + " result for " + resource);
    }

    /** "kind label status" per hop. */
    private static List<String> hops(JsonNode path) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : path.path("hops")) {
            out.add(h.path("kind").asText() + " " + h.path("label").asText() + " " + h.path("status").asText());
        }
        return out;
    }

    @Test
    void theCloudFormationIncidentFailsAtTheEndpointSecurityGroupAndTheEndpointsDns() throws Exception {
        JsonNode report = run("../samples/cloudformation/incident");
        JsonNode gd002 = result(report, "GD002", "AppGroup");
        assertThat(gd002.path("paths")).hasSize(1);
        assertThat(hops(gd002.path("paths").get(0))).containsExactly(
                "workload AppGroup ok",
                "security-group AppSg not-checked",
                "subnet PrivateSubnetA not-checked",
                "subnet PrivateSubnetB not-checked",
                "network-acl the default network ACL of Vpc not-checked",
                "endpoint-subnet PrivateSubnetA not-checked",
                "endpoint-subnet PrivateSubnetB not-checked",
                "endpoint-network-acl the default network ACL of Vpc not-checked",
                "endpoint-security-group EndpointSg fails",
                "endpoint GuardDutyDataEndpoint not-checked");
        JsonNode sg = gd002.path("paths").get(0).path("hops").get(8);
        assertThat(sg.path("ruleId").asText()).isEqualTo("GD002");
        assertThat(sg.path("reason").asText()).isEqualTo("EndpointSg admits TCP 443 only from BastionSg");
        assertThat(sg.path("file").asText()).endsWith("network.yaml");
        assertThat(sg.path("line").asInt()).isEqualTo(45);

        JsonNode gd003 = result(report, "GD003", "AppGroup");
        assertThat(hops(gd003.path("paths").get(0))).contains("security-group AppSg ok");
        JsonNode gd004 = result(report, "GD004", "AppGroup");
        assertThat(hops(gd004.path("paths").get(0))).contains("network-acl the default network ACL of Vpc ok",
                "endpoint-network-acl the default network ACL of Vpc ok", "subnet PrivateSubnetB ok");

        // GD001 is about the VPC: one path per workload in it, the endpoint hop failing for lack of private DNS
        JsonNode gd001 = result(report, "GD001", "Vpc");
        assertThat(gd001.path("paths")).hasSize(2);
        for (JsonNode p : gd001.path("paths")) {
            JsonNode endpoint = p.path("hops").get(p.path("hops").size() - 1);
            assertThat(endpoint.path("kind").asText()).isEqualTo("endpoint");
            assertThat(endpoint.path("status").asText()).isEqualTo("fails");
            assertThat(endpoint.path("reason").asText()).contains("EnableDnsHostnames false")
                    .doesNotContain("EnableDnsSupport");
        }
    }

    @Test
    void theTerraformIncidentGivesThePathsToo() throws Exception {
        JsonNode report = run("../samples/terraform/incident");
        List<String> failing = new ArrayList<>();
        for (JsonNode r : report.path("results")) {
            if (r.path("verdict").asText().equals("FAIL") && r.has("paths")) {
                for (JsonNode p : r.path("paths")) {
                    assertThat(p.path("hops").get(0).path("kind").asText()).isEqualTo("workload");
                    for (JsonNode h : p.path("hops")) {
                        if (h.path("status").asText().equals("fails")) {
                            failing.add(r.path("ruleId").asText() + " " + h.path("kind").asText() + " " + h.path("label").asText());
                            assertThat(h.path("ruleId").asText()).isEqualTo(r.path("ruleId").asText());
                        }
                    }
                }
            }
        }
        assertThat(failing).anyMatch(f -> f.startsWith("GD002 endpoint-security-group ") && f.contains("aws_security_group."));
    }

    @Test
    void aNetworkAclThatBlocksIsTheFailingHopInBothDialects() throws Exception {
        for (String[] c : new String[][] {{"cfn-fail", "App"}, {"tf-fail", "aws_instance.app"}}) {
            JsonNode gd004 = result(run("src/test/resources/fixtures/GD004/" + c[0]), "GD004", c[1]);
            List<String> failing = new ArrayList<>();
            for (JsonNode h : gd004.path("paths").get(0).path("hops")) {
                if (h.path("status").asText().equals("fails")) {
                    failing.add(h.path("kind").asText());
                    assertThat(h.path("reason").asText()).as(c[0]).isNotBlank();
                }
            }
            assertThat(failing).as(c[0]).isNotEmpty().allMatch(k -> k.equals("network-acl") || k.equals("endpoint-network-acl"));
        }
    }
}
