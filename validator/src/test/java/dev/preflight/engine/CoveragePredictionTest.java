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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Predicted console status per workload and the coverage statistic, on the samples and small variations. */
class CoveragePredictionTest {
    private static final Path SAMPLES = Path.of("../samples");

    @TempDir
    Path tmp;

    /**
     * The incident's VPC has the customer's own guardduty-data endpoint, which GuardDuty reuses: it creates none, so
     * GD001's DNS failure cannot be "VPC Endpoint Creation Failed"; the console shows No Agent Reporting, led by the
     * endpoint's security group (GD002), as the reconciliation with the seed's console pages confirms.
     */
    @Test
    void theIncidentIsUnhealthyAndTheExclusionIsExcluded() throws IOException {
        JsonNode c = run(SAMPLES.resolve("cloudformation/incident").toString()).get("coverage");
        assertThat(statuses(c)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AppGroup", "Unhealthy No Agent Reporting",
                "BatchHost", "Excluded Agent Not Provisioned"));
        JsonNode app = workload(c, "AppGroup");
        assertThat(app.get("explanation").asText()).startsWith("GD002: ");
        assertThat(app.get("rules").toString()).contains("GD001");
        assertThat(c.get("percent").asDouble()).isZero();
        assertThat(c.get("total").asInt()).isEqualTo(2);
    }

    /** Without an endpoint of the customer's, GuardDuty creates its own, and GD001's DNS failure stops that first. */
    @Test
    void withoutTheCustomersEndpointGuardDutysOwnFailsToCreate() throws IOException {
        JsonNode c = run(incidentWithoutTheCustomersEndpoint().toString()).get("coverage");
        assertThat(statuses(c)).containsEntry("AppGroup", "Unhealthy VPC Endpoint Creation Failed");
        assertThat(workload(c, "AppGroup").get("explanation").asText()).startsWith("GD001: ");
    }

    @Test
    void theFixIsHealthy() throws IOException {
        JsonNode c = run(SAMPLES.resolve("cloudformation/fixed").toString()).get("coverage");
        assertThat(statuses(c)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AppGroup", "Healthy null",
                "BatchHost", "Excluded Agent Not Provisioned"));
        // GuardDuty counts instances: the group's 3 (DesiredCapacity) healthy, the excluded host in the denominator
        assertThat(c.get("percent").asDouble()).isEqualTo(75.0);
        assertThat(c.get("statement").asText()).isEqualTo("75.0% (3 of 4 instances healthy; 1 excluded)");
        assertThat(c.get("instances").get("total").toString()).isEqualTo("{\"low\":4,\"high\":4}");
        assertThat(c.get("instances").get("healthy").toString()).isEqualTo("{\"low\":3,\"high\":3}");
        assertThat(c.get("healthy").asInt()).isEqualTo(1);
        assertThat(workload(c, "AppGroup").get("instances").asText()).isEqualTo("3");
        assertThat(workload(c, "AppGroup").get("instanceCount").get("basis").asText()).isEqualTo("DesiredCapacity 3");
        assertThat(workload(c, "BatchHost").get("instances").asText()).isEqualTo("1");
    }

    @Test
    void theTextReportSaysWhyTheFourthInstanceIsNotHealthy() {
        StringWriter out = new StringWriter();
        PreflightCommand.execute(new String[]{"check", "--cfn-lint", "off", SAMPLES.resolve("cloudformation/fixed").toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(out.toString()).contains("Predicted coverage: 75.0% (3 of 4 instances healthy; 1 excluded)")
                .contains("AppGroup  3 instances (DesiredCapacity 3)  Healthy")
                .contains("BatchHost  1 instance  Excluded (Agent Not Provisioned)  GuardDutyManaged=false");
    }

    @Test
    void aGroupWithoutDesiredCapacityCountsItsMinimumSize() throws IOException {
        Path dir = fixedWith("      DesiredCapacity: !Ref DesiredCapacity\n", "");
        JsonNode c = run(dir.toString()).get("coverage");
        assertThat(workload(c, "AppGroup").get("instanceCount").get("basis").asText()).isEqualTo("MinSize 2 (no DesiredCapacity)");
        assertThat(c.get("statement").asText()).isEqualTo("66.7% (2 of 3 instances healthy; 1 excluded)");
    }

    @Test
    void anUnknownCapacityGivesTheRangeOverMinAndMaxSizeAndNamesTheValue() throws IOException {
        Path dir = fixedWith("    Type: Number\n    Default: 3\n", "    Type: Number\n");
        JsonNode c = run(dir.toString()).get("coverage");
        assertThat(c.get("percent").isNull()).isTrue();
        assertThat(c.get("percentRange").toString()).isEqualTo("{\"low\":66.7,\"high\":85.7}");
        assertThat(c.get("statement").asText()).isEqualTo("between 66.7% and 85.7% (2..6 of 3..7 instances healthy; 1 excluded)");
        assertThat(c.get("basis").asText()).contains("AppGroup counts 2..6 instances (DesiredCapacity of AppGroup is unknown")
                .contains("DesiredCapacity");
        assertThat(workload(c, "AppGroup").get("instances").asText()).isEqualTo("2..6");
    }

    @Test
    void anUnknownCapacityWithoutBoundsCannotBeComputed() throws IOException {
        Path dir = fixedWith("    Type: Number\n    Default: 3\n", "    Type: Number\n  Largest:\n    Type: Number\n");
        Files.writeString(dir.resolve("app.yaml"), Files.readString(dir.resolve("app.yaml")).replace("MaxSize: '6'", "MaxSize: !Ref Largest"));
        JsonNode c = run(dir.toString()).get("coverage");
        assertThat(c.get("percent").isNull()).isTrue();
        assertThat(c.get("percentRange").isNull()).isTrue();
        assertThat(c.get("notComputed").asText()).startsWith("cannot be computed: DesiredCapacity of AppGroup is unknown")
                .contains("MaxSize is unknown");
        assertThat(c.get("instances").get("total").isNull()).isTrue();
        assertThat(c.get("statement").asText()).doesNotContain("0.0%");
    }

    @Test
    void unknownWorkloadsMakeTheStatisticARangeAndAllUnknownMakeNoPercentage() throws IOException {
        // the app stack alone: its VPC and subnets are imports no input exports, so the group is Unknown; the
        // excluded host is decided: 0 of its 1 instance healthy, the group's 3 may turn out either way
        JsonNode c = run(SAMPLES.resolve("cloudformation/fixed/app.yaml").toString()).get("coverage");
        assertThat(c.get("percent").isNull()).isTrue();
        assertThat(c.get("statement").asText()).isEqualTo("between 0.0% and 75.0% (0 of 4 instances healthy; 1 excluded, 3 unknown)");
        assertThat(c.get("basis").asText()).contains("3 instances of Unknown status may turn out healthy or not");

        Path alone = tmp.resolve("alone");
        Files.createDirectories(alone);
        Files.writeString(alone.resolve("app.yaml"), Files.readString(SAMPLES.resolve("cloudformation/fixed/app.yaml"))
                .replace("        - Key: GuardDutyManaged\n          Value: 'false'\n", ""));
        c = run(alone.toString()).get("coverage");
        assertThat(statuses(c).values()).containsOnly("Unknown null");
        assertThat(c.get("percent").isNull()).isTrue();
        assertThat(c.get("percentRange").isNull()).isTrue();
        assertThat(c.get("notComputed").asText()).isEqualTo("no percentage: the status of every workload is Unknown");
        StringWriter out = new StringWriter();
        PreflightCommand.execute(new String[]{"check", "--cfn-lint", "off", "--fail-on", "never", alone.toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(out.toString()).contains("Predicted coverage: no percentage: the status of every workload is Unknown "
                + "(0 of 4 instances healthy; 4 unknown)").doesNotContain("0.0%");
    }

    @Test
    void inclusionTaggedWorkloadsAreCoveredWithoutTheAutomatedAgent() throws IOException {
        Path dir = fixedWith("  Vpc:", "  Vpc:");
        Files.writeString(dir.resolve("guardduty.yaml"), Files.readString(dir.resolve("guardduty.yaml"))
                .replace("            - Name: EC2_AGENT_MANAGEMENT\n              Status: ENABLED\n",
                        "            - Name: EC2_AGENT_MANAGEMENT\n              Status: DISABLED\n"));
        Files.writeString(dir.resolve("app.yaml"), Files.readString(dir.resolve("app.yaml"))
                .replace("              - {Key: Service, Value: payments-api}",
                        "              - {Key: Service, Value: payments-api}\n              - {Key: GuardDutyManaged, Value: 'true'}")
                .replace("        - Key: GuardDutyManaged\n          Value: 'false'\n", "")
                .replace("        - Key: GuardDutyExclusionReason\n          Value: Runs the vendor EDR agent; GuardDuty agent conflicts (SEC-1234)\n",
                        "        - Key: Team\n          Value: batch\n"));
        JsonNode c = run(dir.toString()).get("coverage");
        assertThat(statuses(c)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AppGroup", "Healthy null",
                "BatchHost", "Unhealthy Agent Not Provisioned"));
        assertThat(workload(c, "BatchHost").get("explanation").asText()).contains("GD011").contains("EC2_AGENT_MANAGEMENT");
        assertThat(c.get("statement").asText()).isEqualTo("75.0% (3 of 4 instances healthy; 1 unhealthy)");
    }

    @Test
    void aTerraformGroupCountsItsDesiredCapacity() throws IOException {
        JsonNode c = run(SAMPLES.resolve("terraform/incident/plan.json").toString()).get("coverage");
        JsonNode groups = c.get("workloads");
        boolean seen = false;
        for (JsonNode w : groups) {
            if (w.get("resourceType").asText().equals("aws_autoscaling_group")) {
                assertThat(w.get("instances").asText()).isEqualTo("3");
                assertThat(w.get("instanceCount").get("basis").asText()).isEqualTo("desired_capacity 3");
                seen = true;
            }
        }
        assertThat(seen).isTrue();
    }

    /** A copy of the fixed sample with one piece of app.yaml replaced. */
    private Path fixedWith(String find, String replace) throws IOException {
        Path dir = tmp.resolve("fixed" + System.nanoTime());
        Files.createDirectories(dir);
        try (var files = Files.list(SAMPLES.resolve("cloudformation/fixed"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
        }
        String app = Files.readString(dir.resolve("app.yaml"));
        if (!find.equals("  Vpc:")) {
            assertThat(app).contains(find);
            Files.writeString(dir.resolve("app.yaml"), app.replace(find, replace));
        }
        return dir;
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
        JsonNode report = run("--config", cfg.toString(), incidentWithoutTheCustomersEndpoint().toString());
        assertThat(statuses(report.get("coverage"))).containsEntry("AppGroup", "Unhealthy VPC Endpoint Creation Failed");
        assertThat(report.get("results").findValues("waived").stream().filter(JsonNode::asBoolean).count()).isEqualTo(1);
    }

    /** The incident sample without its hand-made GuardDutyDataEndpoint (and the security group only it used). */
    private Path incidentWithoutTheCustomersEndpoint() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("incident-" + System.nanoTime()));
        Path incident = SAMPLES.resolve("cloudformation/incident");
        for (String name : List.of("app.yaml", "network.yaml", "organization.yaml")) {
            String text = Files.readString(incident.resolve(name));
            if (name.equals("network.yaml")) {
                int start = text.indexOf("  GuardDutyDataEndpoint:");
                int end = text.indexOf("\nOutputs:");
                assertThat(start).isPositive();
                text = text.substring(0, start) + text.substring(end + 1);
            }
            Files.writeString(dir.resolve(name), text);
        }
        return dir;
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
