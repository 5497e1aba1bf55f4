package dev.preflight.infra.network;

import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.List;

/**
 * A VPC endpoint of the inputs ({@code AWS::EC2::VPCEndpoint}, {@code aws_vpc_endpoint}), values as written.
 * Terraform's separate {@code aws_vpc_endpoint_security_group_association}, {@code aws_vpc_endpoint_subnet_association}
 * and {@code aws_vpc_endpoint_policy} resources are attached here.
 *
 * <p>Defaults when absent, in both dialects: type {@code Gateway}; private DNS false (a Terraform plan shows an unset
 * {@code private_dns_enabled} as not configured, which is absent); no security group = the VPC's default group;
 * no policy = full access.
 *
 * @param securityGroupAssociations {@code aws_vpc_endpoint_security_group_association} resources for this endpoint
 * @param subnetAssociations        {@code aws_vpc_endpoint_subnet_association} resources for this endpoint
 * @param policyResources           {@code aws_vpc_endpoint_policy} resources for this endpoint
 * @param privateDnsResources       {@code aws_vpc_endpoint_private_dns} resources for this endpoint (their
 *                                  {@code private_dns_enabled} overrides the endpoint's)
 */
public record VpcEndpoint(Resource resource, List<Resource> securityGroupAssociations,
                          List<Resource> subnetAssociations, List<Resource> policyResources,
                          List<Resource> privateDnsResources) {
    public VpcEndpoint {
        privateDnsResources = List.copyOf(privateDnsResources);
        securityGroupAssociations = List.copyOf(securityGroupAssociations);
        subnetAssociations = List.copyOf(subnetAssociations);
        policyResources = List.copyOf(policyResources);
    }

    private boolean tf() {
        return resource.dialect() == Dialect.TERRAFORM;
    }

    public String id() {
        return resource.id();
    }

    public Value serviceName() {
        return resource.property(tf() ? "service_name" : "ServiceName");
    }

    public Value vpcId() {
        return resource.property(tf() ? "vpc_id" : "VpcId");
    }

    public Value type() {
        return resource.property(tf() ? "vpc_endpoint_type" : "VpcEndpointType");
    }

    public Value privateDnsEnabled() {
        return resource.property(tf() ? "private_dns_enabled" : "PrivateDnsEnabled");
    }

    public Value securityGroupIds() {
        return resource.property(tf() ? "security_group_ids" : "SecurityGroupIds");
    }

    public Value subnetIds() {
        return resource.property(tf() ? "subnet_ids" : "SubnetIds");
    }

    /** {@code IpAddressType} / {@code ip_address_type}: ipv4 (default), dualstack or ipv6. */
    public Value ipAddressType() {
        return resource.property(tf() ? "ip_address_type" : "IpAddressType");
    }

    /**
     * The endpoint policy as written on the endpoint ({@code PolicyDocument} object or JSON string; Terraform
     * {@code policy} JSON string), or null when absent (full access). A Terraform {@code aws_vpc_endpoint_policy}
     * resource replaces it: see {@link #policyResources()} ({@code policy} attribute).
     */
    public Value policyDocument() {
        return resource.property(tf() ? "policy" : "PolicyDocument");
    }

    public String typeName() {
        return tf() ? "vpc_endpoint_type" : "VpcEndpointType";
    }

    public String privateDnsName() {
        return tf() ? "private_dns_enabled" : "PrivateDnsEnabled";
    }
}
