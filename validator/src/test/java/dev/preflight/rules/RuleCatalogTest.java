package dev.preflight.rules;

import dev.preflight.engine.RuleCatalog;
import dev.preflight.reconcile.ConsoleIssue;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleDocumentation;
import dev.preflight.rule.RuleMetadata;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every built-in rule declares all of its metadata in its class (id, title, severity, what a failure does to the
 * console and at which stage, whether it reads across the run, tags, documentation) and its rationale and fixes in
 * {@code GDnnn.md} beside the class; ids are unique and in order. The coverage prediction, the shard planner, the
 * docs pages and {@code preflight explain} read nothing else about a rule.
 */
class RuleCatalogTest {
    private static final Path RESOURCES = Path.of("../rules/src/main/resources");
    private static final Set<String> CONSOLE_TYPES = Set.of(ConsoleEffect.NO_AGENT_REPORTING,
            ConsoleEffect.AGENT_NOT_PROVISIONED, ConsoleEffect.VPC_ENDPOINT_CREATION_FAILED, ConsoleEffect.SSM_EXECUTION_FAILED);

    @Test
    void everyRuleDeclaresEverything() {
        List<String> ids = new ArrayList<>();
        boolean someJudgeCustomerEndpoints = false;
        for (Rule r : BuiltInRules.all()) {
            RuleMetadata m = RuleCatalog.documented(r);
            String id = m.id();
            ids.add(id);
            assertThat(id).matches("GD\\d{3}");
            assertThat(r.getClass().getSimpleName()).as(id).endsWith("Rule");
            assertThat(m.title()).as(id).isNotBlank();
            assertThat(m.defaultSeverity()).as(id).isNotNull();
            assertThat(m.coverageIssue()).as(id + ": what a failure does to the console").isNotBlank();
            for (ConsoleEffect e : effects(m)) {
                assertThat(e.issueType()).as(id).isIn(CONSOLE_TYPES);
                // the reconciliation reads the console's text with the same words
                assertThat(ConsoleIssue.parse(e.display()).type()).as(id).isEqualTo(e.issueType());
            }
            if (m.unhealthy() != null) {
                assertThat(m.unhealthy().stage()).as(id + ": its priority in the prediction").isNotNull();
            }
            for (String type : m.acrossRunTypes()) {
                assertThat(type).as(id).matches("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|aws_[a-z0-9_]+");
            }
            assertThat(m.tags()).as(id).isNotEmpty().allSatisfy(t -> assertThat(t).matches("[a-z0-9-]+"));
            assertThat(m.documentationUrl()).as(id).startsWith("https://docs.aws.amazon.com/guardduty/");
            assertThat(List.of(m.rationale(), m.fixCloudFormation(), m.fixCdk(), m.fixTerraform())).as(id + ".md")
                    .allSatisfy(s -> assertThat(s).isNotBlank());
            someJudgeCustomerEndpoints |= m.judgesCustomerEndpoints();
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        boolean needsCustomerEndpoints = BuiltInRules.all().stream().anyMatch(r -> r.metadata().withCustomerEndpoint() != null);
        assertThat(someJudgeCustomerEndpoints).as("an effect that depends on a customer endpoint needs a rule whose results show one")
                .isEqualTo(needsCustomerEndpoints);
    }

    /** The Markdown stands beside the code that owns it: the rule's package, under resources. */
    @Test
    void markdownIsBesideEachRuleAndBelongsToOne() throws IOException {
        Set<Path> expected = new HashSet<>();
        for (Rule r : BuiltInRules.all()) {
            Path md = RESOURCES.resolve(r.getClass().getPackageName().replace('.', '/')).resolve(r.id() + ".md");
            assertThat(md).as(r.id()).isRegularFile();
            expected.add(md.normalize());
        }
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            List<Path> pages = files.filter(p -> p.getFileName().toString().matches("GD\\d{3}\\.md")).map(Path::normalize).toList();
            assertThat(pages).as("Markdown without its rule, or away from it").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aRuleMarkdownLackingASectionIsRefused() {
        String full = "<!-- note -->\n\n## Why\n\nbecause\n\n## Fix in CloudFormation\n\ncfn\n\n## Fix in CDK (Java)\n\ncdk\n\n"
                + "## Fix in Terraform\n\ntf\n";
        assertThat(RuleDocumentation.parse("GD999", full).fixCdk()).isEqualTo("cdk");
        assertThatThrownBy(() -> RuleDocumentation.parse("GD999", full.replace("## Fix in Terraform\n\ntf\n", "")))
                .hasMessageContaining("Fix in Terraform");
        assertThatThrownBy(() -> RuleDocumentation.parse("GD999", full.replace("## Fix in CDK (Java)", "## Fix in CDK")))
                .hasMessageContaining("unexpected section 'Fix in CDK'");
        assertThatThrownBy(() -> RuleDocumentation.parse("GD999", "stray words\n" + full))
                .hasMessageContaining("text before the first section");
    }

    @Test
    void metadataIsNamedAndChecked() {
        assertThatThrownBy(() -> RuleMetadata.rule("GD999").title("t").build()).hasMessageContaining("severity");
        assertThatThrownBy(() -> RuleMetadata.rule("GD999").title("t").severity(dev.preflight.rule.Severity.ERROR)
                .unhealthy(ConsoleEffect.Stage.TELEMETRY, ConsoleEffect.NO_AGENT_REPORTING, null)
                .changesNoStatus("nothing").build()).hasMessageContaining("not several");
    }

    private static List<ConsoleEffect> effects(RuleMetadata m) {
        List<ConsoleEffect> out = new ArrayList<>(m.alsoShownAs());
        for (ConsoleEffect e : new ConsoleEffect[] {m.unhealthy(), m.withCustomerEndpoint(), m.excludes()}) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
