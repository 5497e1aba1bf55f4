package dev.preflight.infra.network;

import dev.preflight.model.Resource;
import dev.preflight.model.Value;

/**
 * A security group whose rules the inputs decide, or whose rules are known to be unknowable.
 *
 * <ul>
 *   <li>{@link Kind#CLOUDFORMATION}: {@code AWS::EC2::SecurityGroup}. Without inline {@code SecurityGroupEgress} AWS
 *   adds allow-all egress. Standalone {@code AWS::EC2::SecurityGroupEgress} resources are taken NOT to remove that
 *   default (UNCONFIRMED: the CloudFormation reference only speaks of the inline property).</li>
 *   <li>{@link Kind#TERRAFORM}: {@code aws_security_group}. The provider always revokes AWS's default egress, so
 *   only declared egress exists (inline blocks, {@code aws_security_group_rule},
 *   {@code aws_vpc_security_group_egress_rule}).</li>
 *   <li>{@link Kind#TERRAFORM_DEFAULT}: {@code aws_default_security_group}: the provider removes every rule not in the
 *   configuration, the VPC default rules included.</li>
 *   <li>{@link Kind#VPC_DEFAULT}: the default group of a VPC of the inputs that no {@code aws_default_security_group}
 *   manages: ingress from its own members, all protocols; egress to everywhere.</li>
 *   <li>{@link Kind#DATA_SOURCE}: {@code data.aws_security_group}: exists, rules not shown.</li>
 * </ul>
 *
 * @param identity equal for the same group however it is designated
 * @param resource the declaring resource; for {@link Kind#VPC_DEFAULT} the VPC
 * @param vpcId    the value designating the VPC ({@code VpcId} / {@code vpc_id}), or null
 */
public record SecurityGroup(String identity, String name, Kind kind, Resource resource, Value vpcId) {
    public enum Kind { CLOUDFORMATION, TERRAFORM, TERRAFORM_DEFAULT, VPC_DEFAULT, DATA_SOURCE }

    public static SecurityGroup declared(Resource r, Kind kind, Value vpcId) {
        return new SecurityGroup(key(r), r.id(), kind, r, vpcId);
    }

    public static SecurityGroup vpcDefault(Vpc vpc) {
        return new SecurityGroup(defaultKey(vpc.resource()), "the default security group of " + vpc.id(),
                Kind.VPC_DEFAULT, vpc.resource(), null);
    }

    static String key(Resource r) {
        return "res:" + r.key().input() + "\u0000" + r.id();
    }

    static String defaultKey(Resource vpc) {
        return "default:" + vpc.key().input() + "\u0000" + vpc.id();
    }

    @Override
    public String toString() {
        return name;
    }
}
