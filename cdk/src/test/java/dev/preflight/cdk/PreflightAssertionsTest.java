package dev.preflight.cdk;

import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightAssertionsTest {

    @Test
    void failureNamesTheConstructPathAndTheLocation() {
        App app = new App();
        Stack stack = TestApps.singleStack(app, "Net", false);

        PreflightAssertions preflight = PreflightAssertions.of(stack);

        preflight.assertVerdict("GD001", "Net/Vpc", Verdict.FAIL);
        RuleResult r = preflight.result("GD001", "Net/Vpc");
        assertThat(r.subject().constructPath()).isEqualTo("Net/Vpc/Resource");
        assertThat(r.subject().location().file()).isEqualTo("Net.template.json");
        assertThat(r.subject().location().line()).isPositive();
        assertThatThrownBy(preflight::assertNoFailures)
                .isInstanceOf(PreflightAssertionError.class)
                .hasMessageContaining("Preflight found 1 failure in Net")
                .hasMessageContaining("Preflight results: 1 failed")
                .hasMessageContaining("FAIL    GD001  error   " + r.subject().id() + " (Net/Vpc/Resource)  at Net.template.json:")
                .hasMessageContaining("EnableDnsHostnames");
    }

    @Test
    void logicalIdConstructAndFullPathAllFindTheSameResult() {
        App app = new App();
        Stack stack = new Stack(app, "Net");
        Vpc vpc = TestApps.vpc(stack, true);
        TestApps.instance(stack, "AppInstance", vpc);

        PreflightAssertions preflight = PreflightAssertions.of(stack).assertNoFailures();

        RuleResult byPath = preflight.result("GD001", "Net/Vpc/Resource");
        assertThat(byPath.verdict()).isEqualTo(Verdict.PASS);
        assertThat(preflight.result("GD001", byPath.subject().id())).isEqualTo(byPath);
        assertThat(preflight.result("GD001", "/Net/Vpc")).isEqualTo(byPath);
        preflight.assertVerdict("GD001", vpc, Verdict.PASS);
    }

    @Test
    void wrongExpectationShowsTheActualResult() {
        App app = new App();
        Stack stack = TestApps.singleStack(app, "Net", false);

        assertThatThrownBy(() -> PreflightAssertions.of(stack).assertVerdict("GD001", "Net/Vpc", Verdict.PASS))
                .isInstanceOf(PreflightAssertionError.class)
                .hasMessageStartingWith("expected GD001 PASS for Net/Vpc but was FAIL:")
                .hasMessageContaining("(Net/Vpc/Resource)");
        assertThatThrownBy(() -> PreflightAssertions.of(stack).assertVerdict("GD001", "Net/Nothing", Verdict.PASS))
                .hasMessageStartingWith("no GD001 result for Net/Nothing in Net; GD001 results:")
                .hasMessageContaining("Net/Vpc/Resource");
        assertThatThrownBy(() -> PreflightAssertions.of(stack).assertVerdict("GD999", "Net/Vpc", Verdict.PASS))
                .hasMessageStartingWith("no rule GD999 in this Preflight (rules: GD001");
    }

    @Test
    void templateIsCheckedAsGivenUnderTheStackName() {
        App app = new App();
        Stack stack = TestApps.singleStack(app, "Net", false);

        PreflightAssertions preflight = PreflightAssertions.of(Template.fromStack(stack), "Net");

        RuleResult r = preflight.results("GD001").get(0);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.subject().location().file()).isEqualTo("Net.template.json");
        assertThat(r.subject().id()).startsWith("Vpc");
        preflight.assertVerdict("GD001", r.subject().id(), Verdict.FAIL);
    }

    @Test
    void stacksOfOneAppAreCheckedTogether() {
        // the VPC is in one stack, the instance in another: only the cross-stack reference tells GD001 that the
        // VPC hosts compute
        App app = new App();
        Stack network = new Stack(app, "Network");
        Vpc vpc = TestApps.vpc(network, false);
        Stack compute = new Stack(app, "Compute");
        TestApps.instance(compute, "AppInstance", vpc);

        PreflightAssertions.of(network).assertVerdict("GD001", "Network/Vpc", Verdict.FAIL);
        assertThat(PreflightAssertions.of(compute).results("GD001")).isEmpty();
        assertThat(PreflightAssertions.of(app).results("GD001")).extracting(RuleResult::verdict)
                .containsExactly(Verdict.FAIL);
        // the network template alone: the compute may be anywhere, so no verdict on the VPC
        PreflightAssertions.of(Template.fromStack(network), "Network")
                .assertVerdict("GD001", vpcLogicalId(network), Verdict.NOT_APPLICABLE);
    }

    @Test
    void suppressionWithAReasonWaivesTheFindingAndIsWrittenAsCliMetadata() {
        App app = new App();
        Stack stack = new Stack(app, "Net");
        Vpc vpc = TestApps.vpc(stack, false);
        TestApps.instance(stack, "AppInstance", vpc);
        PreflightSuppressions.addResourceSuppressions(vpc, java.util.List.of(
                new PreflightSuppression("GD001", "legacy VPC, replaced in NET-42")));

        PreflightAssertions preflight = PreflightAssertions.of(stack).assertNoFailures();

        RuleResult r = preflight.result("GD001", "Net/Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.waived()).isTrue();
        assertThat(r.waiver().reason()).isEqualTo("legacy VPC, replaced in NET-42");
        Template.fromStack(stack).hasResource("AWS::EC2::VPC", java.util.Map.of("Metadata", java.util.Map.of(
                "preflight", java.util.Map.of("ignore", java.util.List.of(java.util.Map.of(
                        "id", "GD001", "reason", "legacy VPC, replaced in NET-42"))))));
    }

    @Test
    void suppressionsNeedAReasonAndARuleId() {
        assertThatThrownBy(() -> new PreflightSuppression("GD001", "  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> new PreflightSuppression("AwsSolutions-EC23", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule id like GD007");
    }

    private static String vpcLogicalId(Stack stack) {
        return Template.fromStack(stack).findResources("AWS::EC2::VPC").keySet().iterator().next();
    }
}
