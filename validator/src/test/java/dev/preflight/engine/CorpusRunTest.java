package dev.preflight.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline over the shared real-world corpus (../shared/corpus): every template, plan and cloud
 * assembly loads, every rule runs without a fault, and broken files get one-line errors. Skipped with a message
 * when the corpus is not next to the project.
 */
class CorpusRunTest {
    static final Path CORPUS = Path.of("../../shared/corpus");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"cfn", "tfplan", "cdk"})
    void everyRealInputLoadsAndEveryRuleRuns(String folder) throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS.resolve(folder)), "corpus not found at " + CORPUS.toAbsolutePath() + "; skipping");
        long t0 = System.nanoTime();
        JsonNode report = run(CORPUS.resolve(folder).toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int inputs = 0;
        int resources = 0;
        List<String> problems = new ArrayList<>();
        for (JsonNode in : report.get("inputs")) {
            inputs++;
            resources += in.get("resources").asInt();
            if (!in.get("error").isNull() || !in.get("skipped").isNull()) {
                problems.add(in.get("file").asText() + ": " + in.get("error").asText() + " " + in.get("skipped").asText());
            }
        }
        System.out.printf("corpus %s: %d inputs, %d resources, %d results, %d ms%n", folder, inputs, resources,
                report.get("results").size(), ms);
        assertThat(problems).as("inputs that did not load").isEmpty();
        assertThat(report.get("errors")).as("faults").isEmpty();
        assertThat(resources).isGreaterThan(inputs);
    }

    @Test
    void brokenTemplatesGetOneLineErrorsAndTheRestLoads() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS.resolve("cfn-bad")), "corpus not found; skipping");
        JsonNode report = run(CORPUS.resolve("cfn-bad").toString());
        int loaded = 0;
        for (JsonNode in : report.get("inputs")) {
            if (!in.get("error").isNull()) {
                String e = in.get("error").asText();
                assertThat(e).doesNotContain("\n").doesNotContain("Exception").startsWith(in.get("file").asText());
            } else if (in.get("skipped").isNull()) {
                loaded++;
            }
        }
        System.out.printf("corpus cfn-bad: %d loaded, %d errors%n", loaded, report.get("errors").size());
        assertThat(loaded).isGreaterThan(80);
        assertThat(report.get("errors").size()).isBetween(1, 20);
        for (JsonNode e : report.get("errors")) {
            assertThat(e.asText()).doesNotContain("failed:");  // loader or rule crashes are faults, not input errors
        }
    }

    @Test
    void serviceControlPoliciesLoadAndTheInvalidOneIsAnError() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS.resolve("scp")), "corpus not found; skipping");
        List<String> args = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CORPUS.resolve("scp"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                args.add("--scp");
                args.add(p.toString());
            }
        }
        // a folder with nothing checkable would be an error of its own: give the run one template
        Files.writeString(tmp.resolve("vpc.yaml"), "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n");
        args.add(tmp.toString());
        JsonNode report = run(args.toArray(String[]::new));
        long scps = 0;
        for (JsonNode in : report.get("inputs")) {
            if ("scp".equals(in.get("format").asText()) && in.get("error").isNull()) {
                scps++;
            }
        }
        assertThat(scps).isEqualTo(55);
        assertThat(report.get("errors")).hasSize(1);
        assertThat(report.get("errors").get(0).asText()).contains("deny-service-specific-credential-by-type.json:");
    }

    private JsonNode run(String... paths) throws IOException {
        Path out = tmp.resolve("r" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("check", "--fail-on", "never", "--format", "json=" + out));
        args.addAll(List.of(paths));
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as("stderr: %s", err).isIn(0, 2);
        return new ObjectMapper().readTree(out.toFile());
    }
}
