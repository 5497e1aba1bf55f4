package dev.preflight.rules;

import dev.preflight.rule.RuleDocumentation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleMetadata;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/rules/GDnnn.md and docs/rules/README.md are generated from the rules' metadata. This test fails when
 * they are stale; run it with {@code -Dpreflight.writeDocs=true} to regenerate them.
 */
class RuleDocumentationPagesTest {
    private static final Path DOCS = Path.of("../docs/rules");

    @Test
    void rulePagesAreCurrent() throws IOException {
        boolean write = Boolean.getBoolean("preflight.writeDocs");
        List<String> stale = new ArrayList<>();
        List<String> expectedNames = new ArrayList<>();
        StringBuilder index = new StringBuilder("# Rules\n\n| id | severity | title | prevents |\n|---|---|---|---|\n");
        for (Rule r : BuiltInRules.all()) {
            RuleMetadata m = r.metadata();
            String name = m.id() + ".md";
            expectedNames.add(name);
            check(DOCS.resolve(name), RuleDocumentation.markdown(m), write, stale);
            index.append("| [").append(m.id()).append("](").append(name).append(") | ").append(m.defaultSeverity().wireName())
                    .append(" | ").append(m.title()).append(" | ").append(m.coverageIssue() == null ? "" : m.coverageIssue()).append(" |\n");
        }
        index.append("\n_Generated from the rules' metadata; do not edit by hand._\n");
        check(DOCS.resolve("README.md"), index.toString(), write, stale);
        assertThat(stale).as("stale rule pages; regenerate with ./mvnw -pl validator -am test -Dtest=RuleDocumentationPagesTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dpreflight.writeDocs=true").isEmpty();
        try (Stream<Path> files = Files.list(DOCS)) {
            List<String> pages = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("GD\\d{3}\\.md")).sorted().toList();
            assertThat(pages).as("pages without a rule").isSubsetOf(expectedNames);
        }
    }

    /** The CDK module is a Java library: its users get Java, and a fix must not fail another rule (GD002 vs GD005). */
    @Test
    void cdkFixesAreJava() {
        for (Rule r : BuiltInRules.all()) {
            String fix = r.metadata().fixCdk();
            assertThat(fix).as(r.id()).isNotBlank().doesNotContain("new ec2.").doesNotContain("this, '")
                    .doesNotContain("{ ").doesNotContain("=>");
        }
        String gd002 = BuiltInRules.all().stream().filter(r -> r.id().equals("GD002")).findFirst().orElseThrow().metadata().fixCdk();
        assertThat(gd002).contains("InterfaceVpcEndpointAwsService.GUARDDUTY_DATA")
                .contains("Do not use `new InterfaceVpcEndpointService(");
    }

    private static void check(Path file, String content, boolean write, List<String> stale) throws IOException {
        String current = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (!content.equals(current)) {
            if (write) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            } else {
                stale.add(file.toString());
            }
        }
    }
}
