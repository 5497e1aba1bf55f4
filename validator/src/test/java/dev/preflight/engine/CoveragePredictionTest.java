package dev.preflight.engine;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Predicted console status per workload and the coverage statistic, on the samples and small variations. */
class CoveragePredictionTest {
    private static final Path SAMPLES = Path.of("../samples");

    @TempDir
    Path tmp;

    @Test
    void theIncidentIsUnhealthyAndTheExclusionIsExcluded() throws IOException {
        JsonNode c = run(SAMPLES.resolve("cloudformation/incident").toString()).get("coverage");
        assertThat(statuses(c)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AppGroup", "Unhealthy VPC Endpoint Creation Failed",
                "BatchHost", "Excluded Agent Not Provisioned"));
        assertThat(c.get("percent").asDouble()).isZero();
        assertThat(c.get("total").asInt()).isEqualTo(2);
    }

    @Test
    void theFixIsHealthy() throws IOException {
        JsonNode c = run(SAMPLES.resolve("cloudformation/fixed").toString()).get("coverage");
        assertThat(statuses(c)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AppGroup", "Healthy null",
                "BatchHost", "Excluded Agent Not Provisioned"));
        assertThat(c.get("percent").asDouble()).isEqualTo(50.0);
        assertThat(c.get("healthy").asInt()).isEqualTo(1);
    }

    @Test
    void anScpOnAnOuOfUnknownMembershipMakesTheFixUnknownNotUnhealthy() throws IOException {
        JsonNode c = run(SAMPLES.resolve("cloudformation/fixed").toString(),
                SAMPLES.resolve("cloudformation/incident/organization.yaml").toString()).get("coverage");
        assertThat(statuses(c)).containsEntry("AppGroup", "Unknown null");
        JsonNode app = workload(c, "AppGroup");
        assertThat(app.get("explanation").asText()).contains("ou-abcd-12345678").contains("--account");
        assertThat(app.get("rules").toString()).contains("GD008");
    }

    @Test
    void anScpOnTheRootReachesEveryAccount() throws IOException {
        JsonNode c = run(SAMPLES.resolve("cloudformation/fixed").toString(), "src/test/resources/coverage/scp-on-root").get("coverage");
        assertThat(statuses(c)).containsEntry("AppGroup", "Unhealthy No Agent Reporting");
    }

    @Test
    void aWaiverDoesNotChangeThePrediction() throws IOException {
        Path cfg = tmp.resolve("waive.yaml");
        java.nio.file.Files.writeString(cfg, "waivers:\n  - {rule: GD001, resource: Vpc, reason: accepted for the test}\n");
        JsonNode report = run("--config", cfg.toString(), SAMPLES.resolve("cloudformation/incident").toString());
        assertThat(statuses(report.get("coverage"))).containsEntry("AppGroup", "Unhealthy VPC Endpoint Creation Failed");
        assertThat(report.get("results").findValues("waived").stream().filter(JsonNode::asBoolean).count()).isEqualTo(1);
    }

    private static JsonNode workload(JsonNode coverage, String id) {
        for (JsonNode w : coverage.get("workloads")) {
            if (w.get("resource").asText().equals(id)) {
                return w;
            }
        }
        throw new AssertionError(id + " not in " + coverage);
    }

    private static Map<String, String> statuses(JsonNode coverage) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode w : coverage.get("workloads")) {
            out.put(w.get("resource").asText(), w.get("status").asText() + " " + w.get("issueType").asText());
        }
        return out;
    }

    private JsonNode run(String... args) throws IOException {
        Path out = tmp.resolve("r" + System.nanoTime() + ".json");
        List<String> a = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--fail-on", "never", "--format", "json=" + out));
        a.addAll(List.of(args));
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(a.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isZero();
        return new ObjectMapper().readTree(out.toFile());
    }
}
