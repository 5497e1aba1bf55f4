package dev.preflight.engine;

import dev.preflight.config.PreflightConfig;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadOptions;
import dev.preflight.model.Resource;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rules.BuiltInRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule that throws or runs past its time budget on one input: that input gets one line naming the rule (and, for
 * an exception, what was thrown and "report this as a Preflight bug"), the run is incomplete (exit code 2), and every
 * other rule and input is still checked and reported.
 */
class RulePhaseTest {
    @TempDir
    Path tmp;

    /** Reads each security group's ingress port as a number: a port written as text makes it throw, as a bug would. */
    private static final Rule PORT_RULE = new Rule() {
        private final RuleMetadata meta = RuleMetadata.rule("TEST001").title("ports are numbers")
                .severity(Severity.ERROR).changesNoStatus("nothing: a test rule").build();

        @Override
        public RuleMetadata metadata() {
            return meta;
        }

        @Override
        public List<RuleResult> evaluate(RuleContext context) {
            List<RuleResult> out = new ArrayList<>();
            for (Resource r : context.graph().ofType("AWS::EC2::SecurityGroup")) {
                int port = Integer.parseInt(r.property("SecurityGroupIngress").items().get(0).get("FromPort")
                        .text().orElseThrow());
                out.add(meta.pass(Subject.of(r), "port " + port));
            }
            return out;
        }
    };

    private static String group(String port) {
        return "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
                + "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n"
                + "      VpcId: !Ref Vpc\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n"
                + "          FromPort: " + port + "\n          ToPort: 443\n          CidrIp: 10.0.0.0/16\n";
    }

    private RunOutcome run(List<Rule> rules, Path... inputs) {
        return new PreflightEngine(rules, "test").run(new RunRequest(List.of(inputs), List.of(), tmp,
                LoadOptions.none(), RunSettings.defaults(), PreflightConfig.defaults()));
    }

    @Test
    void aRuleThatThrowsOnOneInputNamesTheRuleAndTheInputAndTheOthersAreChecked() throws IOException {
        Path good = Files.writeString(tmp.resolve("good.yaml"), group("443"));
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), group("https"));
        List<Rule> rules = new ArrayList<>(BuiltInRules.all());
        rules.add(PORT_RULE);

        RunOutcome o = run(rules, good, bad);

        assertThat(o.incomplete()).isTrue();
        assertThat(o.failures()).extracting(InputFailure::oneLine).singleElement().satisfies(l -> assertThat(l)
                .startsWith("bad.yaml: rule TEST001 failed: java.lang.NumberFormatException: For input string: "
                        + "\"https\"")
                .contains("report this as a Preflight bug with this input").doesNotContain("\n"));
        // the failing rule's results for the other input are kept, and every built-in rule checked both inputs
        assertThat(o.results()).filteredOn(r -> r.ruleId().equals("TEST001"))
                .extracting(r -> r.subject().location().file()).containsExactly("good.yaml");
        assertThat(o.results()).filteredOn(r -> r.ruleId().equals("GD001"))
                .extracting(r -> r.subject().location().file()).contains("good.yaml", "bad.yaml");
        assertThat(o.inputs()).filteredOn(s -> s.file().equals("bad.yaml")).singleElement()
                .satisfies(s -> assertThat(s.error()).contains("rule TEST001 failed"));
        assertThat(o.faults()).isEmpty();
    }

    @Test
    void anInputThatTakesARulePastItsTimeBudgetIsOneLineAndTheOthersAreChecked() throws IOException {
        Path good = Files.writeString(tmp.resolve("good.yaml"), group("443"));
        // workloads, endpoints and security groups under undecided conditions: GD002 compares every pair in every
        // combination of the conditions (minutes of CPU time), far past a budget of one second
        Path slow = Files.writeString(tmp.resolve("conditions.json"), SlowRules.template(160, 60, 10));
        String prior = System.getProperty("preflight.budget.seconds");
        System.setProperty("preflight.budget.seconds", "1");
        RunOutcome o;
        long started = System.nanoTime();
        try {
            o = run(BuiltInRules.all(), good, slow);
        } finally {
            if (prior == null) {
                System.clearProperty("preflight.budget.seconds");
            } else {
                System.setProperty("preflight.budget.seconds", prior);
            }
        }

        assertThat(o.incomplete()).isTrue();
        assertThat(o.failures()).extracting(InputFailure::oneLine).singleElement().satisfies(l -> assertThat(l)
                .matches("conditions\\.json: over budget: rule GD0\\d\\d took more than 1 s of CPU time on this "
                        + "input, the budget of time per rule and input; .*"));
        assertThat(o.results()).filteredOn(r -> r.ruleId().equals("GD001"))
                .extracting(r -> r.subject().location().file()).contains("good.yaml");
        // the slow input's workloads are not counted healthy for want of the rule that could not check them
        assertThat(o.coverage().workloads()).isEmpty();
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(120);
    }
}
