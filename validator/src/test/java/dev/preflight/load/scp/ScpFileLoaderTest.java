package dev.preflight.load.scp;

import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceText;
import dev.preflight.model.Dialect;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.policy.PolicyDecision;
import dev.preflight.policy.PolicyDocument;
import dev.preflight.policy.PolicyEvaluator;
import dev.preflight.policy.PolicyRequest;
import dev.preflight.policy.ScpEvaluator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ScpFileLoaderTest {
    private final ScpFileLoader loader = new ScpFileLoader();

    private static SourceText text(String name, String json) {
        return new SourceText(name, Path.of(name), json);
    }

    @Test
    void oneResourcePerFileWithTheDocumentAsContent() throws Exception {
        LoadedInputs out = loader.load(List.of(text("scp/deny-gd.json",
                "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"guardduty:*\", \"Resource\": \"*\"}\n}\n")));

        assertThat(out.failures()).isEmpty();
        assertThat(out.inputs()).singleElement().satisfies(i -> {
            assertThat(i.file()).isEqualTo("scp/deny-gd.json");
            assertThat(i.format()).isEqualTo(InputFormat.SCP);
        });
        Resource r = out.resources().get(0);
        assertThat(r.id()).isEqualTo("scp/deny-gd.json");
        assertThat(r.type()).isEqualTo(ScpFileLoader.TYPE);
        assertThat(r.dialect()).isEqualTo(Dialect.POLICY_FILE);
        assertThat(r.location().line()).isEqualTo(1);
        PolicyDocument doc = PolicyDocument.from(r.property("Content"));
        assertThat(doc.statements().get(0).location().line()).isEqualTo(3);
        PolicyDecision d = PolicyEvaluator.evaluate(List.of(doc, ScpEvaluator.FULL_AWS_ACCESS),
                PolicyRequest.telemetry(Optional.empty(), Optional.empty()));
        assertThat(d.explicitDeny()).isTrue();
    }

    @Test
    void acceptsDescribePolicyOutput() throws Exception {
        LoadedInputs out = loader.load(List.of(text("p.json", "{\"Policy\": {\"PolicySummary\": {\"Name\": \"x\"}, "
                + "\"Content\": \"{\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}}\"}}")));

        assertThat(out.failures()).isEmpty();
        assertThat(PolicyDocument.from(out.resources().get(0).property("Content")).statements()).hasSize(1);
    }

    @Test
    void invalidJsonIsAFailureWithLineAndColumnAndOtherFilesStillLoad() {
        LoadedInputs out = loader.load(List.of(
                text("bad.json", "{\n  \"Statement\": [\n    {\"Effect\": \"Deny\" \"Action\": \"*\"}\n  ]\n}\n"),
                text("good.json", "{\"Statement\": []}")));

        assertThat(out.resources()).extracting(Resource::id).containsExactly("good.json");
        InputFailure f = out.failures().get(0);
        assertThat(f.file()).isEqualTo("bad.json");
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.column()).isGreaterThan(20);
        assertThat(f.message()).startsWith("invalid JSON");
    }

    @Test
    void aDocumentAwsWouldRejectIsAFailure() {
        LoadedInputs out = loader.load(List.of(text("x.json", "{\"Statement\": {\"Effect\": \"Permit\", \"Action\": \"*\"}}"),
                text("y.json", "[1, 2]")));

        assertThat(out.resources()).isEmpty();
        assertThat(out.failures()).extracting(InputFailure::message)
                .anySatisfy(m -> assertThat(m).contains("Allow or Deny"))
                .anySatisfy(m -> assertThat(m).contains("must be a JSON object"));
    }

    @Test
    void loadsTheCorpusWithExactlyTheKnownBadFileFailing() throws IOException {
        Path corpus = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && corpus == null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/corpus/scp"))) {
                corpus = dir.resolve("shared/corpus/scp");
            }
        }
        assumeTrue(corpus != null, "shared corpus not present");
        List<SourceText> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
                try {
                    return new SourceText(p.getFileName().toString(), p, Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }

        LoadedInputs out = loader.load(files);

        assertThat(out.failures()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("deny-service-specific-credential-by-type.json");
            assertThat(f.line()).isPositive();
            assertThat(f.column()).isPositive();
        });
        assertThat(out.resources()).hasSize(files.size() - 1);
    }
}
