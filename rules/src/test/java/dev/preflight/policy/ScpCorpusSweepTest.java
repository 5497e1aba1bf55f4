package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parses and evaluates every SCP of the shared real-world corpus ({@code ../shared/corpus/scp}, found from any
 * ancestor of the working directory): no exception, every file either a document or a clear syntax error.
 * Skipped when the corpus is not present.
 */
class ScpCorpusSweepTest {
    @Test
    void everyCorpusScpParsesAndEvaluates() throws IOException {
        Path corpus = findCorpus();
        assumeTrue(corpus != null, "shared corpus not present");
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Map<PolicyDecision.Decision, Integer> counts = new EnumMap<>(PolicyDecision.Decision.class);
        List<String> syntaxErrors = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Value v;
            try {
                v = PolicyJson.parse(text, SourceLocation.ofFile(f.toString()));
            } catch (PolicyJson.SyntaxException e) {
                syntaxErrors.add(f.getFileName() + ":" + e.line() + ":" + e.column());
                continue;
            }
            PolicyDocument doc;
            try {
                doc = PolicyDocument.from(v);
            } catch (PolicyFormatException e) {
                throw new AssertionError(f + ": " + e.getMessage(), e);
            }
            for (Optional<String> region : List.of(Optional.<String>empty(), Optional.of("us-east-1"))) {
                PolicyDecision d = PolicyEvaluator.evaluate(List.of(doc, ScpEvaluator.FULL_AWS_ACCESS),
                        PolicyRequest.telemetry(region, Optional.of("111122223333")));
                assertThat(d.reason()).isNotBlank();
                if (region.isEmpty()) {
                    counts.merge(d.decision(), 1, Integer::sum);
                }
            }
        }
        assertThat(files).hasSizeGreaterThan(40);
        // The corpus keeps one real file with a missing comma; it must be a clean positioned error.
        assertThat(syntaxErrors).singleElement().asString().startsWith("deny-service-specific-credential-by-type.json:");
        // Region deny-lists exist in the corpus and cannot be decided without --region.
        assertThat(counts.getOrDefault(PolicyDecision.Decision.UNKNOWN, 0)).isPositive();
        assertThat(counts.getOrDefault(PolicyDecision.Decision.ALLOW, 0)).isPositive();
    }

    static Path findCorpus() {
        String configured = System.getProperty("preflight.corpus");
        if (configured != null) {
            Path p = Path.of(configured, "scp");
            return Files.isDirectory(p) ? p : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/corpus/scp");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
