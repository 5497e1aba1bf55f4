package dev.preflight.engine;

import dev.preflight.rule.RuleMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which inputs every shard gets is what the rules that read across the run declare, nothing of the planner's own. */
class ShardPlannerTest {
    @TempDir
    Path tmp;

    @Test
    void inputsWithRunWideTypesOfTheRulesGoToEveryShard() throws IOException {
        List<DiscoveredInput> inputs = new ArrayList<>();
        inputs.add(input("detector.tf", "resource \"aws_guardduty_detector_feature\" \"rm\" {\n  name = \"RUNTIME_MONITORING\"\n}\n"));
        inputs.add(input("target.tf", "resource \"aws_cloudwatch_event_target\" \"page\" {\n  rule = \"x\"\n}\n"));
        inputs.add(input("ou.yaml", "Resources:\n  Ou:\n    Type: AWS::Organizations::OrganizationalUnit\n"));
        // a longer Terraform type that merely starts with a run-wide one is not run-wide
        inputs.add(input("lookalike.tf", "resource \"aws_guardduty_detector_featurex\" \"x\" {}\n"));
        for (int i = 0; i < 4; i++) {
            inputs.add(input("app" + i + ".yaml", "Resources:\n  Host:\n    Type: AWS::EC2::Instance\n"));
        }
        List<RuleMetadata> rules = RuleCatalog.builtIn();
        List<String> runWide = List.of("detector.tf", "target.tf", "ou.yaml");
        List<String> elsewhere = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            List<String> shard = ShardPlanner.select(inputs, new ShardPlanner.Shard(k, 3), rules).stream()
                    .map(DiscoveredInput::displayPath).toList();
            assertThat(shard).as("shard %d", k).containsAll(runWide);
            shard.stream().filter(n -> !runWide.contains(n)).forEach(elsewhere::add);
        }
        assertThat(elsewhere).as("the other inputs, each on one shard").doesNotHaveDuplicates().hasSize(5);
        // without rules that read across the run, nothing is copied to every shard
        int total = 0;
        for (int k = 1; k <= 3; k++) {
            total += ShardPlanner.select(inputs, new ShardPlanner.Shard(k, 3), List.of()).size();
        }
        assertThat(total).isEqualTo(inputs.size());
    }

    private DiscoveredInput input(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return new DiscoveredInput(p, name, false, false);
    }
}
