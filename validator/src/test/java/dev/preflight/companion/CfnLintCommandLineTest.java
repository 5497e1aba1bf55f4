package dev.preflight.companion;

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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code preflight check --cfn-lint on}: cfn-lint's findings in the report, the rules list and the exit code. */
class CfnLintCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void cfnLintFindingsReachTheJsonReportAndTheExitCode() throws IOException {
        RequiredTool.cfnLintAsUsersHaveIt();
        Path t = dir.resolve("bad.yaml");
        Files.writeString(t, CfnLintTest.BAD_TEMPLATE);
        Path json = dir.resolve("report.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[] {"check", "--cfn-lint", "on", "--region", "us-east-1",
                "--format", "json=" + json, "--format", "text", t.toString()}, new PrintWriter(out), new PrintWriter(err));

        assertThat(code).as("stderr: %s", err).isEqualTo(1);
        assertThat(out.toString()).contains(t + ":10:7").contains("cfn-lint:E3012");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode e3012 = null;
        for (JsonNode r : report.get("results")) {
            if (r.get("ruleId").asText().equals("cfn-lint:E3012")) {
                e3012 = r;
            }
        }
        assertThat(e3012).isNotNull();
        assertThat(e3012.get("resource").asText()).isEqualTo("Vpc");
        assertThat(e3012.get("line").asInt()).isEqualTo(10);
        assertThat(e3012.get("column").asInt()).isEqualTo(7);
        assertThat(e3012.get("severity").asText()).isEqualTo("error");
        assertThat(report.get("rules").findValuesAsText("id")).contains("cfn-lint:E3012", "cfn-lint:W2001");
        assertThat(report.get("errors")).isEmpty();
    }

    @Test
    void aBadModeOrTimeoutIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[] {"check", "--cfn-lint", "sometimes", dir.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("--cfn-lint takes auto, on or off, not 'sometimes'");
        err = new StringWriter();
        code = PreflightCommand.execute(new String[] {"check", "--cfn-lint-timeout", "0", dir.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("--cfn-lint-timeout must be a positive number of seconds");
    }
}
