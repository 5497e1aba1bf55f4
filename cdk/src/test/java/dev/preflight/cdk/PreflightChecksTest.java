package dev.preflight.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.ec2.Vpc;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightChecksTest {

    private static List<String> errors(Stack stack) {
        return Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("\\[GD.*")).stream()
                .map(m -> m.getId() + " " + m.getEntry().getData()).toList();
    }

    @Test
    void failingResourceGetsAnErrorAnnotationOnItsConstruct() {
        App app = new App();
        Stack stack = TestApps.singleStack(app, "Net", false);
        Aspects.of(app).add(new PreflightChecks());

        List<String> errors = errors(stack);

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("/Net/Vpc/Resource [GD001] VPC Vpc8378EB38 has EnableDnsSupport true and "
                + "EnableDnsHostnames false").endsWith("(Net.template.json:3:3)");
    }

    @Test
    void annotationsAreNotRepeatedWhenTheAppIsSynthesizedAgain() {
        App app = new App();
        Stack stack = TestApps.singleStack(app, "Net", false);
        Aspects.of(app).add(new PreflightChecks());

        app.synth();
        app.synth(software.amazon.awscdk.StageSynthesisOptions.builder().force(true).build());

        assertThat(errors(stack)).hasSize(1);
    }

    @Test
    void errorIsInTheCloudAssemblyForCdkSynthToFailOn() {
        App app = new App();
        TestApps.singleStack(app, "Net", false);
        Aspects.of(app).add(new PreflightChecks());

        CloudAssembly assembly = app.synth();

        assertThat(assembly.getStackByName("Net").getMessages())
                .anySatisfy(m -> {
                    assertThat(m.getLevel().toString()).isEqualToIgnoringCase("error");
                    assertThat(m.getId()).isEqualTo("/Net/Vpc/Resource");
                    assertThat(m.getEntry().getData().toString()).startsWith("[GD001]");
                });
    }

    @Test
    void suppressedFindingIsNotAnnotated() {
        App app = new App();
        Stack stack = new Stack(app, "Net");
        Vpc vpc = TestApps.vpc(stack, false);
        TestApps.instance(stack, "AppInstance", vpc);
        PreflightSuppressions.addResourceSuppressions(vpc,
                List.of(new PreflightSuppression("GD001", "legacy VPC, replaced in NET-42")));
        PreflightChecks checks = new PreflightChecks();
        Aspects.of(app).add(checks);

        assertThat(errors(stack)).isEmpty();
        assertThat(checks.lastOutcome().results()).anySatisfy(r -> {
            assertThat(r.ruleId()).isEqualTo("GD001");
            assertThat(r.waived()).isTrue();
        });
    }

    @Test
    void stacksAreCheckedTogetherAndOnlyVisitedStacksAreAnnotated() {
        App app = new App();
        Stack network = new Stack(app, "Network");
        Vpc vpc = TestApps.vpc(network, false);
        Stack compute = new Stack(app, "Compute");
        TestApps.instance(compute, "AppInstance", vpc);
        Aspects.of(network).add(new PreflightChecks());

        assertThat(errors(network)).singleElement().asString().startsWith("/Network/Vpc/Resource [GD001]");
        assertThat(errors(compute)).isEmpty();
    }

    @Test
    void stackSuppressionCoversEveryResourceOfTheStack() {
        App app = new App();
        Stack stack = TestApps.singleStack(app, "Net", false);
        PreflightSuppressions.addStackSuppressions(stack,
                List.of(new PreflightSuppression("GD001", "sandbox account, no GuardDuty")));
        Aspects.of(app).add(new PreflightChecks());

        assertThat(errors(stack)).isEmpty();
        software.amazon.awscdk.assertions.Template.fromStack(stack).hasResource("AWS::EC2::Instance", Map.of(
                "Metadata", Map.of("preflight", Map.of("ignore", List.of(Map.of(
                        "id", "GD001", "reason", "sandbox account, no GuardDuty"))))));
    }
}
