package dev.preflight.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.cli.PreflightCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole check over one fuzzed input, as a user runs it: a real file, the command line, every rule and every
 * report format. Properties: exit code 0, 1 or 2; no loader, rule or report fault; the JSON report is whole; no
 * line of the text report or standard error can start a GitHub workflow command or carry a control character.
 */
final class CheckProperties {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("preflight-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CheckProperties() {
    }

    static void cloudFormation(byte[] data) {
        check(data, data.length > 0 && (data[0] & 1) == 1 ? "template.json" : "template.yaml");
    }

    static void terraformPlan(byte[] data) {
        check(data, "plan.json");
    }

    private static void check(byte[] data, String name) {
        try {
            Path input = DIR.resolve(name);
            Files.write(input, data);
            Path json = DIR.resolve("report.json");
            Files.deleteIfExists(json);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = List.of("check", "--cfn-lint", "off", "--fail-on", "error", "--no-color",
                    "--format", "text", "--format", "json=" + json, "--format", "sarif=" + DIR.resolve("r.sarif"),
                    "--format", "junit=" + DIR.resolve("r.xml"), "--format", "github=" + DIR.resolve("r.github"),
                    "--format", "markdown=" + DIR.resolve("r.md"), "--format", "html=" + DIR.resolve("r.html"),
                    input.toString());
            int code = PreflightCommand.execute(args.toArray(String[]::new), new PrintWriter(out, true),
                    new PrintWriter(err, true));
            String all = out + "\n" + err;
            assertThat(code).as(all).isBetween(0, 2);
            assertThat(all).doesNotContain(" failed: ").doesNotContain("Preflight bug").doesNotContain("please report")
                    .doesNotContain("Exception");
            for (String line : all.split("\n", -1)) {
                assertThat(line).as("workflow command in %s", line).doesNotStartWith("::");
                assertThat(line.chars().filter(c -> c < 0x20 && c != '\t').count()).as("control characters in %s", line).isZero();
            }
            assertThat(new ObjectMapper().readTree(json.toFile()).get("results")).isNotNull();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
