package dev.preflight.infra.network;

import dev.preflight.model.Resource;
import dev.preflight.model.Value;

/** A subnet of the inputs ({@code AWS::EC2::Subnet}, {@code aws_subnet}, {@code data.aws_subnet}), values as written. */
public record Subnet(Resource resource, Value vpcId, Value cidrBlock, Value ipv6CidrBlock) {
    public String id() {
        return resource.id();
    }
}
