package dev.preflight.infra.network;

import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.List;

/**
 * A VPC of the inputs: {@code AWS::EC2::VPC}, {@code aws_vpc}, {@code aws_default_vpc} or {@code data.aws_vpc}.
 * DNS attributes are kept as written (absent, conditional or unknown included); {@link #dnsSupportDefault()} and
 * {@link #dnsHostnamesDefault()} are what AWS does when they are absent (CloudFormation and {@code aws_vpc}:
 * support true, hostnames false; a default VPC: both true). For a data source an absent attribute is not a
 * default but unknown: the data source did not show it.
 *
 * @param cidrBlock      primary IPv4 CIDR as written ({@code CidrBlock} / {@code cidr_block}); null when absent
 *                       (IPAM allocation)
 * @param secondaryCidrs {@code AWS::EC2::VPCCidrBlock} / {@code aws_vpc_ipv4_cidr_block_association} resources and
 *                       a data source's {@code cidr_block_associations}, as the CIDR values (with the resource that
 *                       declares each, whose condition may apply)
 */
public record Vpc(Resource resource, Value enableDnsSupport, Value enableDnsHostnames, Value cidrBlock,
                  List<SecondaryCidr> secondaryCidrs, boolean defaultVpc) {
    public record SecondaryCidr(Resource declaredBy, Value cidr) {
    }

    public Vpc {
        secondaryCidrs = List.copyOf(secondaryCidrs);
    }

    public boolean dataSource() {
        return resource.dataSource();
    }

    public boolean dnsSupportDefault() {
        return true;
    }

    public boolean dnsHostnamesDefault() {
        return defaultVpc;
    }

    public String id() {
        return resource.id();
    }

    /** The attribute names of this VPC's dialect, for messages and fixes. */
    public String dnsSupportName() {
        return resource.dialect() == dev.preflight.model.Dialect.TERRAFORM ? "enable_dns_support" : "EnableDnsSupport";
    }

    public String dnsHostnamesName() {
        return resource.dialect() == dev.preflight.model.Dialect.TERRAFORM ? "enable_dns_hostnames" : "EnableDnsHostnames";
    }
}
