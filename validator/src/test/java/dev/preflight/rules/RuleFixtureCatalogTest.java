package dev.preflight.rules;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every rule fixture through the real CLI (loaders, engine, rules, JSON report) and compares the results
 * with the case's {@code expected.txt}. Layout: {@code fixtures/<RULE>/<case>/} with the inputs, optional
 * {@code scp/*.json} (given as --scp), optional {@code args} (one CLI argument per line) and {@code expected.txt}
 * ({@code VERDICT RULE RESOURCE [LINE]}); for each rule named there, its results must be exactly those lines.
 * A Terraform case ({@code tf-*}: {@code .tf} files and their real plan) is also checked from its configuration
 * alone and with its plan on one line.
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
        List<DynamicTest> tests = new ArrayList<>();
        for (Path c : cases) {
            tests.add(DynamicTest.dynamicTest(FIXTURES.relativize(c).toString(), () -> check(c, c, c.resolve("expected.txt"), Map.of())));
            if (c.getFileName().toString().startsWith("tf-")) {
                tests.add(DynamicTest.dynamicTest(FIXTURES.relativize(c) + " (configuration only)", () -> checkConfigurationOnly(c)));
                tests.add(DynamicTest.dynamicTest(FIXTURES.relativize(c) + " (one-line plan)", () -> checkOneLinePlan(c)));
            }
        }
        return tests.stream();
    }

    /**
     * The same facts without the plan: the case's files except {@code plan.json}, copied to a folder of their own.
     * The verdicts must be those of {@code expected.txt}, unless {@code expected.config.txt} says (with a comment
     * why) that the configuration alone decides differently, e.g. a value known only after apply.
     */
    private void checkConfigurationOnly(Path dir) throws IOException {
        assertThat(dir.resolve("plan.json")).as("a Terraform fixture keeps its real plan").isRegularFile();
        Path copy = copyConfiguration(dir, "config-only");
        assertThat(copy).as("%s has .tf files", dir).isNotEmptyDirectory();
        Path configExpected = dir.resolve("expected.config.txt");
        if (Files.isRegularFile(configExpected)) {
            assertThat(Files.readAllLines(configExpected, StandardCharsets.UTF_8))
                    .as("%s says why the configuration alone decides differently", configExpected)
                    .anyMatch(l -> l.strip().startsWith("#"));
        }
        // a result about the whole input (GD011, GD013) names the folder here and plan.json in the plan run
        check(dir, copy, Files.isRegularFile(configExpected) ? configExpected : dir.resolve("expected.txt"),
                Map.of(copy.toString(), dir.resolve("plan.json").toString()));
    }

    /**
     * The plan on one line, as {@code terraform show -json} writes it (Go's encoder: no spaces, {@code <>&} escaped),
     * with the configuration beside it: the same results at the same {@code .tf} lines.
     */
    private void checkOneLinePlan(Path dir) throws IOException {
        Path copy = copyConfiguration(dir, "one-line");
        JsonNode plan = JSON.readTree(dir.resolve("plan.json").toFile());
        ObjectMapper goEncoder = new ObjectMapper();
        goEncoder.getFactory().setCharacterEscapes(new GoJsonEscapes());
        Path oneLine = copy.resolve("plan.json");
        Files.writeString(oneLine, goEncoder.writeValueAsString(plan) + "\n", StandardCharsets.UTF_8);
        assertThat(Files.readAllLines(oneLine)).hasSize(1);
        check(dir, copy, dir.resolve("expected.txt"), Map.of(oneLine.toString(), dir.resolve("plan.json").toString()));
    }

    /** The case's files but plan.json, expectations, args and SCPs, in a folder of their own. */
    private Path copyConfiguration(Path dir, String purpose) throws IOException {
        Path copy = tmp.resolve(purpose).resolve(dir.getParent().getFileName().toString()).resolve(dir.getFileName().toString());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted().toList()) {
                Path rel = dir.relativize(f);
                String name = rel.toString();
                if (name.equals("plan.json") || name.equals("expected.txt") || name.equals("expected.config.txt")
                        || name.equals("args") || name.startsWith("scp")) {
                    continue;
                }
                Path target = copy.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        return copy;
    }

    /** Go's encoding/json escapes {@code <}, {@code >}, {@code &}, U+2028 and U+2029 (HTML-safe output). */
    private static final class GoJsonEscapes extends CharacterEscapes {
        private final int[] table = CharacterEscapes.standardAsciiEscapesForJSON();

        GoJsonEscapes() {
            table['<'] = CharacterEscapes.ESCAPE_STANDARD;
            table['>'] = CharacterEscapes.ESCAPE_STANDARD;
            table['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
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

    /**
     * Checks {@code input} with the {@code args} and {@code scp/} of the case {@code dir} against {@code expectedFile};
     * {@code sameInput} maps a resource name of this run to the name expected.txt gives the same input.
     */
    private void check(Path dir, Path input, Path expectedFile, Map<String, String> sameInput) throws IOException {
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

        Path report = Files.createTempFile(tmp, dir.getFileName().toString(), ".json");
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
        args.add(input.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("exit code for %s (stderr: %s)", input, err).isZero();

        JsonNode root = JSON.readTree(report.toFile());
        Set<String> actual = new TreeSet<>();
        Set<String> actualWithoutLines = new TreeSet<>();
        for (JsonNode r : root.get("results")) {
            String rule = r.get("ruleId").asText();
            if (rulesNamed.contains(rule)) {
                String resource = r.get("resource").asText();
                String base = r.get("verdict").asText() + " " + rule + " " + sameInput.getOrDefault(resource, resource);
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
        assertThat(actualComparable).as("results of %s for %s (all results: %s)", rulesNamed, input, actualWithoutLines)
                .isEqualTo(expected);
    }
}
