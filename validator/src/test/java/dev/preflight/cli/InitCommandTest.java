package dev.preflight.cli;

import dev.preflight.config.ConfigReader;
import dev.preflight.config.PreflightConfig;
import dev.preflight.rule.Rule;
import dev.preflight.rule.Severity;
import dev.preflight.rules.BuiltInRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code preflight init}: the file it writes is valid as written and with every example uncommented. */
class InitCommandTest {
    private static final Set<String> RULE_IDS = BuiltInRules.all().stream().map(Rule::id).collect(Collectors.toSet());
    // a commented YAML line ("# key: ..." or "#   - item"), not a prose comment
    private static final Pattern COMMENTED_YAML = Pattern.compile("^# (\\s*(- )?[A-Za-z0-9_]+:( .*)?|\\s+- .*)$");

    @TempDir
    Path dir;

    @Test
    void writesAValidCommentedConfigurationAndPrintsThePreCommitSnippet() throws Exception {
        CliTest.Run r = CliTest.run("init", dir.toString());
        assertThat(r.code()).isEqualTo(0);
        Path file = dir.resolve(".preflight.yaml");
        assertThat(r.out()).contains("Wrote " + file).contains("- id: preflight ").contains("rev: ")
                .contains("# - id: preflight-terraform  # the root modules of staged .tf files (none found here)");

        String text = Files.readString(file);
        PreflightConfig config = new ConfigReader(RULE_IDS).parse(text, ".preflight.yaml");
        assertThat(config.failOn()).contains("error");
        assertThat(config.unknownSeverity()).isEqualTo(Severity.WARNING);
        assertThat(config.waivers()).isEmpty();

        String uncommented = text.lines()
                .map(l -> COMMENTED_YAML.matcher(l).matches() ? l.substring(2) : l)
                .collect(Collectors.joining("\n"));
        PreflightConfig examples = new ConfigReader(RULE_IDS).parse(uncommented, ".preflight.yaml");
        assertThat(examples.region()).contains("eu-west-1");
        assertThat(examples.account()).contains("123456789012");
        assertThat(examples.parameters()).containsEntry("Environment", "prod");
        assertThat(examples.severities()).containsEntry("GD010", Severity.ERROR);
        assertThat(examples.disabledRules()).contains("GD013");
        assertThat(examples.waivers()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("GD007");
            assertThat(w.reason()).contains("SEC-1234");
        });
    }

    @Test
    void keepsAnExistingFileUnlessForced() throws Exception {
        Path file = dir.resolve(".preflight.yaml");
        Files.writeString(file, "failOn: never\n");
        CliTest.Run r = CliTest.run("init", dir.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip()).isEqualTo("preflight: " + file + " exists; use --force to overwrite it");
        assertThat(Files.readString(file)).isEqualTo("failOn: never\n");

        assertThat(CliTest.run("init", "--force", dir.toString()).code()).isEqualTo(0);
        assertThat(Files.readString(file)).isEqualTo(InitCommand.CONFIG);
    }

    @Test
    void refusesADirectoryThatDoesNotExist() {
        CliTest.Run r = CliTest.run("init", dir.resolve("missing").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("is not a directory");
    }

    @Test
    void theSnippetNamesTheHookThatTheRepositoryDefines() throws Exception {
        // tests run in validator/; the hook definition is at the repository root
        String hooks = Files.readString(Path.of("..", ".pre-commit-hooks.yaml"));
        assertThat(hooks).contains("- id: preflight");
        assertThat(InitCommand.PRE_COMMIT).contains("- id: preflight");
    }

    @Test
    void theTerraformHookIsOfferedWhereThereIsTerraform() throws Exception {
        Files.createDirectories(dir.resolve("infra/network"));
        Files.writeString(dir.resolve("infra/network/main.tf"), "resource \"aws_vpc\" \"main\" {}\n");
        CliTest.Run r = CliTest.run("init", dir.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("\n      - id: preflight-terraform    # the root modules of staged .tf files\n");
        // the snippet is valid YAML as printed
        String snippet = r.out().substring(r.out().indexOf("repos:"));
        assertThat(new org.yaml.snakeyaml.Yaml().<Object>load(snippet)).asString().contains("preflight-terraform");
    }
}
