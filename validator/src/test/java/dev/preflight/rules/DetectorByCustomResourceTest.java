package dev.preflight.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GD011 when GuardDuty is configured out of band by a custom resource driven by parameters (AWS Security Reference
 * Architecture style): UNKNOWN naming the parameter, and with the parameter given as false a finding that says the
 * automated EC2 agent management would be off.
 */
class DetectorByCustomResourceTest {
    private static final Path TEMPLATE = Path.of("src/test/resources/fixtures/GD011/cfn-custom-resource-unknown/guardduty-org.yaml");

    @TempDir
    Path tmp;

    private JsonNode gd011(String... extra) throws IOException {
        Path json = tmp.resolve("r" + System.nanoTime() + ".json");
        List<String> a = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--fail-on", "never", "--format", "json=" + json));
        a.addAll(List.of(extra));
        a.add(TEMPLATE.toString());
        PreflightCommand.execute(a.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<JsonNode> out = new ArrayList<>();
        report.get("results").forEach(r -> {
            if (r.get("ruleId").asText().equals("GD011")) {
                out.add(r);
            }
        });
        assertThat(out).as("one GD011 result, about the custom resource, no input-level unknown").hasSize(1);
        return out.get(0);
    }

    @Test
    void aParameterWithoutValueIsUnknownNamingIt() throws IOException {
        JsonNode r = gd011();
        assertThat(r.get("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(r.get("resource").asText()).isEqualTo("rGuardDutyOrgLambdaCustomResource");
        assertThat(r.get("reason").asText()).contains("ENABLE_EC2_AGENT_MANAGEMENT").contains("pEnableEc2AgentManagement");
        assertThat(r.get("message").asText()).contains("Worker rely on it");
    }

    @Test
    void falseSaysTheAutomatedAgentWouldBeOff() throws IOException {
        JsonNode r = gd011("--parameter", "pEnableEc2AgentManagement=false");
        assertThat(r.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(r.get("message").asText()).contains("ENABLE_EC2_AGENT_MANAGEMENT = false")
                .contains("automated EC2 agent management (EC2_AGENT_MANAGEMENT) would be off")
                .contains("Worker have no GuardDutyManaged=true tag");
    }

    @Test
    void runtimeMonitoringOffFailsForEveryWorkload() throws IOException {
        JsonNode r = gd011("--parameter", "pEnableRuntimeMonitoring=false", "--parameter", "pEnableEc2AgentManagement=true");
        assertThat(r.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(r.get("message").asText()).contains("ENABLE_RUNTIME_MONITORING = false").contains("Runtime Monitoring would be off");
    }
}
