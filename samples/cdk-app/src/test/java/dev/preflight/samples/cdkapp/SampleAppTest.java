package dev.preflight.samples.cdkapp;

import dev.preflight.cdk.PreflightAssertions;
import dev.preflight.cdk.PreflightChecks;
import dev.preflight.cdk.PreflightOptions;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sample's own unit tests, as a CDK team would write them: the incident's design (the GuardDuty data
 * endpoint admits only the bastion) fails, the fix (the application admits itself) passes, in both styles:
 * {@link PreflightAssertions} on the synthesized app and the {@link PreflightChecks} Aspect at synth time.
 */
class SampleAppTest {
    /** The stacks are environment-agnostic; the region the team deploys to decides the endpoint's service name. */
    private static final PreflightOptions OPTIONS = PreflightOptions.defaults().withRegion("eu-west-1");

    @Test
    void incidentDesignFailsGd002OnTheFleet() {
        App app = new App();
        WorkloadStack workload = SampleApp.build(app, false);

        PreflightAssertions preflight = PreflightAssertions.of(List.of(workload), OPTIONS);

        preflight.assertVerdict("GD002", workload.fleet(), Verdict.FAIL);
        assertThatThrownBy(preflight::assertNoFailures)
                .hasMessageContaining("GD002")
                .hasMessageContaining("(Workload/AppFleet/ASG)");
    }

    @Test
    void fixedDesignPassesAcrossBothStacks() {
        App app = new App();
        WorkloadStack workload = SampleApp.build(app, true);

        PreflightAssertions preflight = PreflightAssertions.of(app, OPTIONS).assertNoFailures();

        // the fleet is in the Workload stack, its VPC in the Network stack: one check of both
        preflight.assertVerdict("GD001", "Network/Vpc", Verdict.PASS);
        // the admitting ingress rule lives in the Workload stack, on the group exported by the Network stack
        preflight.assertVerdict("GD002", workload.fleet(), Verdict.PASS);
        preflight.assertVerdict("GD005", "Network/GuardDutyDataEndpoint", Verdict.PASS);
    }

    @Test
    void goldenAmiSuppressionHasItsReasonInTheTemplate() {
        App app = new App();
        WorkloadStack workload = SampleApp.build(app, true);

        Template.fromStack(workload).hasResource("AWS::AutoScaling::AutoScalingGroup", Map.of(
                "Metadata", Map.of("preflight", Map.of("ignore", List.of(Map.of(
                        "id", "GD012",
                        "reason", Match.stringLikeRegexp("golden AMI is Amazon Linux 2023.*")))))));
        // a private AMI parameter says nothing about the operating system: UNKNOWN, accepted with the reason
        RuleResult r = PreflightAssertions.of(List.of(workload), OPTIONS).result("GD012", workload.fleet());
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.waived()).as(r.toString()).isTrue();
        assertThat(r.waiver().reason()).contains("PLAT-42");
    }

    @Test
    void aspectFailsSynthOfTheIncidentDesignOnTheFleet() {
        App app = new App();
        WorkloadStack workload = SampleApp.build(app, false);
        Aspects.of(app).add(new PreflightChecks(OPTIONS));

        assertThat(errors(workload)).anySatisfy(e -> assertThat(e).startsWith("/Workload/AppFleet/ASG [GD002] "));
    }

    @Test
    void aspectAcceptsTheFixedDesign() {
        App app = new App();
        WorkloadStack workload = SampleApp.build(app, true);
        Stack network = (Stack) app.getNode().findChild("Network");
        PreflightChecks checks = new PreflightChecks(OPTIONS);
        Aspects.of(app).add(checks);

        assertThat(errors(workload)).isEmpty();
        assertThat(errors(network)).isEmpty();
        // the suppressed finding is not even a warning
        assertThat(Annotations.fromStack(workload).findWarning("*", Match.stringLikeRegexp("\\[GD012\\].*"))).isEmpty();
        assertThat(checks.lastOutcome().results()).anySatisfy(r -> {
            assertThat(r.ruleId()).isEqualTo("GD012");
            assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(r.waived()).isTrue();
        });
    }

    private static List<String> errors(Stack stack) {
        return Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("\\[GD\\d+\\].*")).stream()
                .map(m -> m.getId() + " " + m.getEntry().getData()).toList();
    }
}
