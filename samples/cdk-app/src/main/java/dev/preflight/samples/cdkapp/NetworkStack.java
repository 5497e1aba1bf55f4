package dev.preflight.samples.cdkapp;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

import java.util.List;

/**
 * The shared network: a VPC with isolated application subnets, a bastion security group, and the GuardDuty
 * {@code guardduty-data} interface endpoint the runtime agent reports through. Its security group starts out
 * admitting only the bastion (the way the incident began: someone locked the endpoint down "to the admins");
 * application stacks admit their own workloads.
 */
public class NetworkStack extends Stack {
    private final Vpc vpc;
    private final SecurityGroup bastionSecurityGroup;
    private final SecurityGroup endpointSecurityGroup;
    private final InterfaceVpcEndpoint guardDutyDataEndpoint;

    public NetworkStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("App").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .build();
        bastionSecurityGroup = SecurityGroup.Builder.create(this, "BastionSg")
                .vpc(vpc).description("Bastion hosts").build();
        endpointSecurityGroup = SecurityGroup.Builder.create(this, "GuardDutyEndpointSg")
                .vpc(vpc).description("GuardDuty data endpoint").allowAllOutbound(false).build();
        endpointSecurityGroup.addIngressRule(bastionSecurityGroup, Port.tcp(443), "HTTPS from the bastion");
        guardDutyDataEndpoint = InterfaceVpcEndpoint.Builder.create(this, "GuardDutyDataEndpoint")
                .vpc(vpc)
                .service(new InterfaceVpcEndpointService("com.amazonaws." + getRegion() + ".guardduty-data", 443))
                .open(false) // only the groups admitted below, not the whole VPC CIDR
                // a service given by name has privateDnsDefault=false, so CDK would write PrivateDnsEnabled: false
                // (GD005); the agent resolves guardduty-data.<region>.amazonaws.com through private DNS
                .privateDnsEnabled(true)
                .securityGroups(List.of(endpointSecurityGroup))
                .subnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .build();
    }

    public IVpc vpc() {
        return vpc;
    }

    public ISecurityGroup bastionSecurityGroup() {
        return bastionSecurityGroup;
    }

    /** Workloads admit themselves here on TCP 443, or the GuardDuty agent cannot report. */
    public SecurityGroup endpointSecurityGroup() {
        return endpointSecurityGroup;
    }

    public InterfaceVpcEndpoint guardDutyDataEndpoint() {
        return guardDutyDataEndpoint;
    }
}
