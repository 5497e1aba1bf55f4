package dev.preflight.samples.cdkapp;

import dev.preflight.cdk.PreflightSuppression;
import dev.preflight.cdk.PreflightSuppressions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.List;

/**
 * The application: an Auto Scaling group on the platform team's golden AMI, managed by Systems Manager (so
 * GuardDuty can install its agent), in the network stack's VPC.
 */
public class WorkloadStack extends Stack {
    /** Where the platform team publishes the golden AMI id. */
    public static final String GOLDEN_AMI_PARAMETER = "/platform/golden-ami/app-base";

    private final SecurityGroup appSecurityGroup;
    private final AutoScalingGroup fleet;

    /**
     * @param admitAtDataEndpoint whether the application admits itself at the GuardDuty data endpoint; without
     *                            it the agent cannot report (the incident)
     */
    public WorkloadStack(Construct scope, String id, StackProps props, NetworkStack network,
                         boolean admitAtDataEndpoint) {
        super(scope, id, props);
        appSecurityGroup = SecurityGroup.Builder.create(this, "AppSg")
                .vpc(network.vpc()).description("Application instances").build();
        if (admitAtDataEndpoint) {
            // the rule belongs to this stack (an AWS::EC2::SecurityGroupIngress on the endpoint group exported by
            // the network stack); adding it to the network stack's group object would make the stacks depend on
            // each other
            SecurityGroup.fromSecurityGroupId(this, "GuardDutyEndpointSg",
                            network.endpointSecurityGroup().getSecurityGroupId(),
                            SecurityGroupImportOptions.builder().mutable(true).build())
                    .addIngressRule(appSecurityGroup, Port.tcp(443), "GuardDuty agent on the application instances");
        }
        Role role = Role.Builder.create(this, "AppRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
                .build();
        LaunchTemplate template = LaunchTemplate.Builder.create(this, "AppTemplate")
                .machineImage(MachineImage.fromSsmParameter(GOLDEN_AMI_PARAMETER))
                .instanceType(InstanceType.of(InstanceClass.T3, InstanceSize.SMALL))
                .securityGroup(appSecurityGroup)
                .role(role)
                .requireImdsv2(true)
                .build();
        fleet = AutoScalingGroup.Builder.create(this, "AppFleet")
                .vpc(network.vpc())
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .launchTemplate(template)
                .minCapacity(2)
                .maxCapacity(4)
                .build();
        // Preflight cannot tell the operating system of a private AMI id; say why it is fine, once, in the code
        PreflightSuppressions.addResourceSuppressions(fleet, List.of(new PreflightSuppression("GD012",
                "the golden AMI is Amazon Linux 2023 (kernel 6.1, x86_64), built by the platform image pipeline (PLAT-42)")));
    }

    public SecurityGroup appSecurityGroup() {
        return appSecurityGroup;
    }

    public AutoScalingGroup fleet() {
        return fleet;
    }
}
