package dev.preflight.cdk;

import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.Vpc;

import static org.assertj.core.api.Assertions.assertThat;

/** What CDK writes differently from hand-written templates, checked end to end. */
class CdkTwistsTest {

    private static Stack endpointStack(App app, IInterfaceVpcEndpointService service) {
        Stack stack = new Stack(app, "Net");
        Vpc vpc = TestApps.vpc(stack, true);
        TestApps.instance(stack, "AppInstance", vpc);
        InterfaceVpcEndpoint.Builder.create(stack, "GuardDutyData").vpc(vpc).service(service).build();
        return stack;
    }

    @Test
    void awsServiceConstantWritesPrivateDnsButAServiceGivenByNameDoesNot() {
        // InterfaceVpcEndpointService(name) has privateDnsDefault=false: CDK writes PrivateDnsEnabled: false
        App byName = new App();
        Stack named = endpointStack(byName, new InterfaceVpcEndpointService("com.amazonaws.eu-west-1.guardduty-data", 443));
        PreflightAssertions.of(named).assertVerdict("GD005", "Net/GuardDutyData", Verdict.FAIL);

        App byConstant = new App();
        Stack constant = endpointStack(byConstant, InterfaceVpcEndpointAwsService.GUARDDUTY_DATA);
        PreflightAssertions.of(java.util.List.of(constant), PreflightOptions.defaults().withRegion("eu-west-1"))
                .assertVerdict("GD005", "Net/GuardDutyData", Verdict.PASS);
    }

    @Test
    void nestedStackResultsBelongToTheirParentAndAreAnnotatedInPlace() {
        App app = new App();
        Stack parent = new Stack(app, "Parent");
        NestedStack nested = new NestedStack(parent, "Network");
        Vpc vpc = TestApps.vpc(nested, false);
        TestApps.instance(nested, "AppInstance", vpc);
        Aspects.of(app).add(new PreflightChecks());

        RuleResult r = PreflightAssertions.of(parent).result("GD001", "Parent/Network/Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.subject().location().file()).isEqualTo(nested.getTemplateFile());
        // a nested stack is no artifact of its own: its constructs' messages are in the parent's
        assertThat(app.synth().getStackByName("Parent").getMessages()).anySatisfy(m -> {
            assertThat(m.getId()).isEqualTo("/Parent/Network/Vpc/Resource");
            assertThat(m.getLevel().toString()).isEqualToIgnoringCase("error");
            assertThat(m.getEntry().getData().toString()).startsWith("[GD001]");
        });
    }
}
