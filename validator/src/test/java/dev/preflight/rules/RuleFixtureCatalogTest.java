package dev.preflight.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.cli.PreflightCommand;
import dev.preflight.rule.Rule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every rule fixture through the real CLI (loaders, engine, rules, JSON report) and compares the results
 * with the case's {@code expected.txt}. Layout: {@code fixtures/<RULE>/<case>/} with the inputs, optional
 * {@code scp/*.json} (given as --scp), optional {@code args} (one CLI argument per line) and {@code expected.txt}
 * ({@code VERDICT RULE RESOURCE [LINE]}); for each rule named there, its results must be exactly those lines.
 */
class RuleFixtureCatalogTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static final List<String> REQUIRED_CASES = List.of("cfn-fail", "cfn-pass", "cfn-unknown", "tf-fail", "tf-pass", "tf-unknown");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyFixtureGivesItsExpectedResults() throws IOException {
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> rules = Files.list(FIXTURES)) {
            for (Path rule : rules.sorted().toList()) {
                try (Stream<Path> cs = Files.list(rule)) {
                    cs.filter(Files::isDirectory).sorted().forEach(cases::add);
                }
            }
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(FIXTURES.relativize(c).toString(), () -> check(c)));
    }

    @Test
    void everyRuleHasFailingPassingAndUnknownFixturesInBothFormats() {
        List<String> missing = new ArrayList<>();
        for (Rule r : BuiltInRules.all()) {
            for (String c : REQUIRED_CASES) {
                if (!Files.isRegularFile(FIXTURES.resolve(r.id()).resolve(c).resolve("expected.txt"))) {
                    missing.add(r.id() + "/" + c);
                }
            }
        }
        assertThat(missing).as("rule fixtures missing").isEmpty();
    }

    private void check(Path dir) throws IOException {
        Path expectedFile = dir.resolve("expected.txt");
        assertThat(expectedFile).as("every fixture case has expected.txt").isRegularFile();
        Set<String> expected = new TreeSet<>();
        Set<String> rulesNamed = new TreeSet<>();
        for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            assertThat(parts.length).as("expected line '%s' is VERDICT RULE RESOURCE [LINE]", t).isBetween(3, 4);
            expected.add(String.join(" ", parts));
            rulesNamed.add(parts[1]);
        }
        assertThat(rulesNamed).as("%s names at least one rule", expectedFile).isNotEmpty();

        Path report = tmp.resolve(dir.getFileName() + ".json");
        List<String> args = new ArrayList<>(List.of("check", "--format", "json=" + report, "--fail-on", "never"));
        Path argsFile = dir.resolve("args");
        if (Files.isRegularFile(argsFile)) {
            for (String a : Files.readAllLines(argsFile, StandardCharsets.UTF_8)) {
                if (!a.isBlank()) {
                    args.add(a.strip());
                }
            }
        }
        Path scpDir = dir.resolve("scp");
        if (Files.isDirectory(scpDir)) {
            try (Stream<Path> s = Files.list(scpDir)) {
                for (Path p : s.sorted().toList()) {
                    args.add("--scp");
                    args.add(p.toString());
                }
            }
        }
        args.add(dir.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("exit code for %s (stderr: %s)", dir, err).isZero();

        JsonNode root = JSON.readTree(report.toFile());
        Set<String> actual = new TreeSet<>();
        Set<String> actualWithoutLines = new TreeSet<>();
        for (JsonNode r : root.get("results")) {
            String rule = r.get("ruleId").asText();
            if (rulesNamed.contains(rule)) {
                String base = r.get("verdict").asText() + " " + rule + " " + r.get("resource").asText();
                actual.add(base + " " + r.get("line").asInt());
                actualWithoutLines.add(base);
            }
        }
        // Lines are compared only where expected.txt gives one.
        Set<String> actualComparable = new TreeSet<>();
        for (String a : actual) {
            String withoutLine = a.substring(0, a.lastIndexOf(' '));
            actualComparable.add(expected.contains(withoutLine) ? withoutLine : a);
        }
        assertThat(actualComparable).as("results of %s for %s (all results: %s)", rulesNamed, dir, actualWithoutLines)
                .isEqualTo(expected);
    }
}
