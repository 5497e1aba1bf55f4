package dev.preflight.rules;

import dev.preflight.engine.RuleCatalog;
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
 * docs/rules/GDnnn.md and docs/rules/README.md are generated from the rules' metadata and their GDnnn.md beside
 * each rule's class (the same text {@code preflight explain} prints). This test fails when they are stale; run it
 * with {@code -Dpreflight.writeDocs=true} to regenerate them.
 */
class RuleDocumentationPagesTest {
    private static final Path DOCS = Path.of("../docs/rules");
    private static final Path README = Path.of("../README.md");
    private static final String TABLE_HEADER = "| id | severity | title | prevents |\n";

    @Test
    void rulePagesAreCurrent() throws IOException {
        boolean write = Boolean.getBoolean("preflight.writeDocs");
        List<String> stale = new ArrayList<>();
        List<String> expectedNames = new ArrayList<>();
        for (Rule r : BuiltInRules.all()) {
            RuleMetadata m = RuleCatalog.documented(r);
            String name = m.id() + ".md";
            expectedNames.add(name);
            check(DOCS.resolve(name), RuleDocumentation.markdown(m), write, stale);
        }
        check(DOCS.resolve("README.md"), "# Rules\n\n" + table("") + "\n_Generated from the rules' metadata and Markdown; do "
                + "not edit by hand._\n", write, stale);
        // the project README carries the same table, linking into docs/rules
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(TABLE_HEADER);
        assertThat(start).as("README has the rules table").isPositive();
        int end = readme.indexOf("\n\n", start) + 1;
        check(README, readme.substring(0, start) + table("docs/rules/") + readme.substring(end), write, stale);
        assertThat(stale).as("stale rule pages; regenerate with ./mvnw -pl validator -am test -Dtest=RuleDocumentationPagesTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dpreflight.writeDocs=true").isEmpty();
        try (Stream<Path> files = Files.list(DOCS)) {
            List<String> pages = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("GD\\d{3}\\.md")).sorted().toList();
            assertThat(pages).as("pages without a rule").isSubsetOf(expectedNames);
        }
    }

    private static String table(String linkPrefix) {
        StringBuilder t = new StringBuilder(TABLE_HEADER).append("|---|---|---|---|\n");
        for (RuleMetadata m : RuleCatalog.builtIn()) {
            t.append("| [").append(m.id()).append("](").append(linkPrefix).append(m.id()).append(".md) | ")
                    .append(m.defaultSeverity().wireName()).append(" | ").append(m.title()).append(" | ")
                    .append(m.coverageIssue() == null ? "" : m.coverageIssue()).append(" |\n");
        }
        return t.toString();
    }

    /** The CDK module is a Java library: its users get Java, and a fix must not fail another rule (GD002 vs GD005). */
    @Test
    void cdkFixesAreJava() {
        for (Rule r : BuiltInRules.all()) {
            String fix = RuleCatalog.documented(r).fixCdk();
            assertThat(fix).as(r.id()).isNotBlank().doesNotContain("new ec2.").doesNotContain("this, '")
                    .doesNotContain("{ ").doesNotContain("=>");
        }
        String gd002 = RuleCatalog.builtIn("GD002").fixCdk();
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
