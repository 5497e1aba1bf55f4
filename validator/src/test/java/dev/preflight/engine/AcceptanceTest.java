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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance decided once: waivers beside the resource (read by the loader) and in {@code .preflight.yaml}, the
 * baseline, unused waivers, and the mistakes a resource waiver can have, on real templates through the CLI.
 */
class AcceptanceTest {
    private static final Path INCIDENT = Path.of("../samples/cloudformation/incident");

    @TempDir
    Path tmp;

    record Run(int code, String out, String err, JsonNode json) {
    }

    private Run run(String... args) throws IOException {
        Path json = tmp.resolve("r" + System.nanoTime() + ".json");
        List<String> a = new ArrayList<>(List.of("check", "--cfn-lint", "off", "--format", "json=" + json, "--format", "text"));
        a.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString(), Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null);
    }

    /** The incident with {@code metadata} (YAML lines at 4 spaces) added to BatchHost. */
    private Path incidentWithBatchHostMetadata(String metadata) throws IOException {
        Path dir = tmp.resolve("incident" + System.nanoTime());
        Files.createDirectories(dir);
        try (var files = Files.list(INCIDENT)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
        }
        String app = Files.readString(dir.resolve("app.yaml"));
        String anchor = "  BatchHost:\n    Type: AWS::EC2::Instance\n";
        assertThat(app).contains(anchor);
        Files.writeString(dir.resolve("app.yaml"), app.replace(anchor, anchor + metadata));
        return dir;
    }

    private static JsonNode result(JsonNode report, String rule, String resource) {
        for (JsonNode r : report.get("results")) {
            if (r.get("ruleId").asText().equals(rule) && r.get("resource").asText().equals(resource)) {
                return r;
            }
        }
        throw new AssertionError(rule + " " + resource + " not in the report");
    }

    @Test
    void aWaiverBesideTheResourceIsHandedOverByTheLoaderAndSaysWhereItCameFrom() throws IOException {
        Path dir = incidentWithBatchHostMetadata("    Metadata:\n      preflight:\n        ignore:\n"
                + "          - id: GD007\n            reason: decommissioned next sprint (OPS-77)\n            expires: 2999-01-31\n");
        Run r = run(dir.toString());
        JsonNode gd007 = result(r.json(), "GD007", "BatchHost");
        assertThat(gd007.get("standing").asText()).isEqualTo("waived");
        assertThat(gd007.get("waiver").get("reason").asText()).isEqualTo("decommissioned next sprint (OPS-77)");
        assertThat(gd007.get("waiver").get("source").asText()).isEqualTo("Metadata of BatchHost (" + dir.resolve("app.yaml") + ":71:13)");
        assertThat(result(r.json(), "GD002", "BatchHost").get("standing").asText()).isEqualTo("new");
        assertThat(r.json().get("warnings")).isEmpty();
    }

    @Test
    void aResourceWaiverWithoutReasonOrWithABadDateOrUnknownRuleIsAOneLineError() throws IOException {
        Path noReason = incidentWithBatchHostMetadata("    Metadata:\n      preflight:\n        ignore:\n          - id: GD007\n");
        Run r = run(noReason.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: " + noReason.resolve("app.yaml") + ":71:13: the waiver of GD007 in "
                + "Metadata.preflight of BatchHost needs a non-empty reason (a waiver without a reason does not apply)");
        assertThat(result(r.json(), "GD007", "BatchHost").get("standing").asText()).as("the waiver does not apply").isEqualTo("new");
        assertThat(result(r.json(), "GD001", "Vpc").get("verdict").asText()).as("everything else still checked").isEqualTo("FAIL");

        Path badDate = incidentWithBatchHostMetadata("    Metadata:\n      preflight:\n        ignore:\n"
                + "          - {id: GD007, reason: legacy, expires: 31/01/2027}\n");
        r = run(badDate.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains(badDate.resolve("app.yaml") + ":71:").contains("expires of the waiver of GD007 in "
                + "Metadata.preflight of BatchHost must be a date YYYY-MM-DD, got '31/01/2027'");

        Path mistyped = incidentWithBatchHostMetadata("    Metadata:\n      preflight:\n        ignore:\n"
                + "          - {id: GD070, reason: legacy}\n");
        r = run(mistyped.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains(mistyped.resolve("app.yaml") + ":71:13: the waiver in Metadata of BatchHost names "
                + "unknown rule 'GD070' (see `preflight rules`); it does not apply");
    }

    @Test
    void waiversThatMatchNothingAreReportedByName() throws IOException {
        Path cfg = tmp.resolve("preflight.yaml");
        Files.writeString(cfg, "waivers:\n"
                + "  - {rule: GD001, resource: Vpc, reason: network team owns it}\n"
                + "  - {rule: GD002, resource: AppGroupp, reason: typo in the name}\n");
        Path dir = incidentWithBatchHostMetadata("    Metadata:\n      preflight:\n        ignore:\n"
                + "          - {id: GD012, reason: vendor AMI is supported}\n");
        Run r = run("--config", cfg.toString(), dir.toString());
        assertThat(result(r.json(), "GD001", "Vpc").get("standing").asText()).isEqualTo("waived");
        assertThat(result(r.json(), "GD001", "Vpc").get("waiver").get("source").asText()).isEqualTo(cfg + ":2");
        List<String> warnings = new ArrayList<>();
        r.json().get("warnings").forEach(w -> warnings.add(w.asText()));
        assertThat(warnings).containsExactly(
                dir.resolve("app.yaml") + ":71:13: unused waiver: GD012 in Metadata of BatchHost matches no failing or unknown result; remove it",
                cfg + ":3: unused waiver: rule GD002 for resource AppGroupp matches no failing or unknown result; remove it or fix the resource name");
        assertThat(r.out()).contains("warning: " + cfg + ":3: unused waiver: rule GD002 for resource AppGroupp");
    }

    @Test
    void theBaselineIsDecidedOnceAndTheExitCodeReadsIt() throws IOException {
        Run first = run("--fail-on", "never", INCIDENT.toString());
        Path baseline = tmp.resolve("baseline.json");
        Files.writeString(baseline, first.json().toString());
        Run again = run("--baseline", baseline.toString(), INCIDENT.toString());
        assertThat(again.code()).isZero();
        assertThat(again.json().get("baseline").asText()).isEqualTo(baseline.toString());
        JsonNode gd001 = result(again.json(), "GD001", "Vpc");
        assertThat(gd001.get("standing").asText()).isEqualTo("existing");
        assertThat(gd001.get("baseline").asText()).isEqualTo("existing");
        assertThat(again.out()).contains("[existing]");
    }
}
