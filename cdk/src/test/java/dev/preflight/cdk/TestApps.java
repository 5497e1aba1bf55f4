package dev.preflight.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;

import java.util.List;

/** Small real CDK apps for the tests (synthesized in-process through jsii and node). */
final class TestApps {
    private TestApps() {
    }

    static Vpc vpc(Stack stack, boolean dnsHostnames) {
        return Vpc.Builder.create(stack, "Vpc")
                .maxAzs(1)
                .natGateways(0)
                .enableDnsSupport(true)
                .enableDnsHostnames(dnsHostnames)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("App").subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                .build();
    }

    static Instance instance(Stack stack, String id, IVpc vpc) {
        return Instance.Builder.create(stack, id)
                .vpc(vpc)
                .instanceType(InstanceType.of(InstanceClass.T3, InstanceSize.MICRO))
                .machineImage(MachineImage.latestAmazonLinux2023())
                .ssmSessionPermissions(true) // AmazonSSMManagedInstanceCore: GuardDuty installs its agent via SSM
                .build();
    }

    /** One stack: a VPC (DNS hostnames as given) and an SSM-managed Amazon Linux 2023 instance in it. */
    static Stack singleStack(App app, String name, boolean dnsHostnames) {
        Stack stack = new Stack(app, name);
        instance(stack, "AppInstance", vpc(stack, dnsHostnames));
        return stack;
    }
}
