package dev.preflight.companion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;
import dev.preflight.rules.BuiltInRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Rego examples in {@code policies/} give the same verdicts as the Java rules on the same fixtures: a Java FAIL
 * is a {@code deny}, a Java UNKNOWN a {@code warn}, and a PASS or NOT_APPLICABLE neither, for the same resource.
 * One real OPA serves every case.
 */
class RegoParityTest {
    private static final Path POLICIES = Path.of("../policies");
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static OpaServer server;

    @BeforeAll
    static void startOpa() throws Exception {
        Path opa = RequiredTool.opa();
        server = OpaServer.start(opa, Duration.ofSeconds(60));
        for (Opa.Policy p : Opa.read(List.of(POLICIES), Path::toString)) {
            // the library first: the examples import it
            if (p.path().toString().contains("/lib/")) {
                server.client().putPolicy(p.displayPath(), p.text());
            }
        }
        for (Opa.Policy p : Opa.read(List.of(POLICIES), Path::toString)) {
            if (!p.path().toString().contains("/lib/")) {
                server.client().putPolicy(p.displayPath(), p.text());
            }
        }
    }

    @AfterAll
    static void stopOpa() {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> gd001() throws IOException {
        return cases("GD001", "preflight.gd001");
    }

    @TestFactory
    Stream<DynamicTest> gd007() throws IOException {
        return cases("GD007", "preflight.gd007");
    }

    private Stream<DynamicTest> cases(String ruleId, String pkg) throws IOException {
        Optional<Rule> rule = BuiltInRules.all().stream().filter(r -> r.id().equals(ruleId)).findFirst();
        Path dir = FIXTURES.resolve(ruleId);
        if (rule.isEmpty() || !Files.isDirectory(dir)) {
            // the rule and its fixtures land from another change; the parity runs as soon as both are there
            return Stream.of(DynamicTest.dynamicTest(ruleId + " (not yet registered)", () -> Assumptions.abort(
                    ruleId + " or its fixtures are not in this build yet: nothing to compare")));
        }
        List<Path> caseDirs;
        try (Stream<Path> s = Files.list(dir)) {
            caseDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(caseDirs).isNotEmpty();
        return caseDirs.stream().map(c -> DynamicTest.dynamicTest(ruleId + " " + c.getFileName(), () -> {
            RuleContext ctx = LoadedDirectory.load(c);
            Set<String> java = new TreeSet<>();
            for (RuleResult r : rule.get().evaluate(ctx)) {
                if (r.verdict() == Verdict.FAIL) {
                    java.add("deny " + r.subject().id());
                } else if (r.verdict() == Verdict.UNKNOWN) {
                    java.add("warn " + r.subject().id());
                }
            }
            JsonNode result = server.client().evaluate(pkg, OpaInput.build(ctx));
            Set<String> rego = new TreeSet<>();
            for (String set : List.of("deny", "warn")) {
                for (JsonNode m : result.path(set)) {
                    rego.add(set + " " + m.path("resource").asText());
                }
            }
            assertThat(rego).as("Rego %s vs Java %s on %s", pkg, ruleId, c).isEqualTo(java);
            // a case with nothing to find would prove nothing about the failing paths: the fixtures name some
            if (c.getFileName().toString().contains("fail")) {
                assertThat(java).isNotEmpty();
            }
        }));
    }
}
