package dev.preflight.model;

/**
 * The resource vocabulary a resource is written in. It decides property names and defaults
 * (CloudFormation VPC {@code EnableDnsHostnames} absent = false; Terraform {@code aws_security_group} without
 * egress = no egress). CDK output is CloudFormation; {@link Resource#cdk()} says a resource came from CDK.
 */
public enum Dialect {
    CLOUDFORMATION,
    TERRAFORM,
    /** A service control policy file given with {@code --scp}. */
    POLICY_FILE
}
