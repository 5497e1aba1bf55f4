package dev.preflight.config;

import dev.preflight.rule.Severity;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigReaderTest {
    private final ConfigReader reader = new ConfigReader(Set.of("GD001", "GD007", "GD010", "GD013"));

    @Test
    void readsSeveritiesDisabledRulesWaiversAndDefaults() throws Exception {
        PreflightConfig c = reader.parse("""
                failOn: warning
                unknownSeverity: error
                region: eu-west-1
                parameters:
                  Env: prod
                rules:
                  GD010: {severity: error}
                  gd013: {enabled: false}
                waivers:
                  - rule: GD007
                    resource: "module.legacy.*"
                    reason: batch hosts run their own agent
                    expires: 2027-01-31
                """, ".preflight.yaml");
        assertThat(c.failOn()).contains("warning");
        assertThat(c.unknownSeverity()).isEqualTo(Severity.ERROR);
        assertThat(c.region()).contains("eu-west-1");
        assertThat(c.parameters()).containsEntry("Env", "prod");
        assertThat(c.severities()).containsEntry("GD010", Severity.ERROR);
        assertThat(c.disabledRules()).containsExactly("GD013");
        assertThat(c.waivers()).singleElement().satisfies(w -> {
            assertThat(w.expires()).isEqualTo(LocalDate.of(2027, 1, 31));
            assertThat(w.source()).isEqualTo(".preflight.yaml:10");
            assertThat(w.matches("GD007", "module.legacy.aws_instance.batch[0]")).isTrue();
            assertThat(w.matches("GD007", "aws_instance.batch")).isFalse();
            assertThat(w.matches("GD001", "module.legacy.aws_instance.batch[0]")).isFalse();
        });
    }

    @Test
    void aWaiverWithoutReasonIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> reader.parse("""
                waivers:
                  - rule: GD007
                    resource: LegacyHost
                """, ".preflight.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(".preflight.yaml:2: a waiver needs 'reason' (rule, resource and reason are required)");
        assertThatThrownBy(() -> reader.parse("""
                waivers:
                  - rule: GD007
                    resource: LegacyHost
                    reason: "  "
                """, "c.yaml"))
                .hasMessage("c.yaml:4: a waiver needs a non-empty reason");
    }

    @Test
    void unknownKeysRulesDatesAndSeveritiesAreErrorsWithLines() {
        assertThatThrownBy(() -> reader.parse("failOn: error\nwaviers: []\n", "c.yaml"))
                .hasMessageStartingWith("c.yaml:2: unknown key 'waviers'");
        assertThatThrownBy(() -> reader.parse("rules:\n  GD099: {enabled: false}\n", "c.yaml"))
                .hasMessageStartingWith("c.yaml:2: unknown rule 'GD099'");
        assertThatThrownBy(() -> reader.parse("waivers:\n  - {rule: GD007, resource: X, reason: r, expires: 31/01/2027}\n", "c.yaml"))
                .hasMessage("c.yaml:2: expires must be a date YYYY-MM-DD, got '31/01/2027'");
        assertThatThrownBy(() -> reader.parse("rules:\n  GD010: {severity: critical}\n", "c.yaml"))
                .hasMessage("c.yaml:2: severity must be error, warning or info, got 'critical'");
        assertThatThrownBy(() -> reader.parse("failOn: sometimes\n", "c.yaml"))
                .hasMessage("c.yaml:1: failOn must be error, warning, unknown or never");
        assertThatThrownBy(() -> reader.parse("rules: [\n", "c.yaml"))
                .hasMessageStartingWith("c.yaml:2: invalid YAML");
    }

    @Test
    void anEmptyFileIsTheDefaults() throws Exception {
        assertThat(reader.parse("", "c.yaml")).isEqualTo(PreflightConfig.defaults());
    }

    @Test
    void theConfigurationIsFoundAsGitFindsGitignore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path repo = tmp.resolve("repo");
        java.nio.file.Path infra = java.nio.file.Files.createDirectories(repo.resolve("infra/network"));
        java.nio.file.Files.createDirectories(repo.resolve(".git"));
        assertThat(ConfigReader.discover(infra)).isEmpty();
        java.nio.file.Path top = java.nio.file.Files.writeString(repo.resolve(".preflight.yaml"), "failOn: warning\n");
        assertThat(ConfigReader.discover(infra)).contains(top);
        assertThat(ConfigReader.discover(repo)).contains(top);
        java.nio.file.Path nearer = java.nio.file.Files.writeString(repo.resolve("infra/.preflight.yaml"), "failOn: error\n");
        assertThat(ConfigReader.discover(infra)).as("the nearest wins").contains(nearer);
        // not above the repository root
        java.nio.file.Files.delete(top);
        java.nio.file.Files.delete(nearer);
        java.nio.file.Files.writeString(tmp.resolve(".preflight.yaml"), "failOn: never\n");
        assertThat(ConfigReader.discover(infra)).isEmpty();
        // outside any repository only the working directory counts
        java.nio.file.Path loose = java.nio.file.Files.createDirectories(tmp.resolve("loose/sub"));
        assertThat(ConfigReader.discover(loose)).isEmpty();
        assertThat(ConfigReader.discover(tmp)).contains(tmp.resolve(".preflight.yaml"));
    }
}
