package dev.preflight.model;

/** The category of an {@link UnknownOrigin}: why a value cannot be known before deploy. */
public enum UnknownReason {
    /** A CloudFormation parameter with neither a {@code --parameter} value nor a {@code Default}. */
    PARAMETER_WITHOUT_VALUE("parameter without value or default"),
    /** {@code Fn::ImportValue} of a name that no input of the run exports. */
    IMPORT_NOT_FOUND("Fn::ImportValue not exported by any input"),
    /** {@code {{resolve:ssm:...}}}, {@code {{resolve:secretsmanager:...}}} or an SSM parameter type. */
    DYNAMIC_REFERENCE("dynamic reference resolved at deploy time"),
    /** A pseudo parameter such as {@code AWS::AccountId} not given on the command line. */
    PSEUDO_PARAMETER("pseudo parameter not given with --region/--account"),
    /** Terraform "known after apply" with no configuration expression that decides it. */
    KNOWN_AFTER_APPLY("known after apply"),
    /** Terraform: a data source attribute that the configuration alone does not decide. */
    DATA_SOURCE("read by a data source at plan time"),
    /** Terraform: a module output that the inputs do not decide. */
    MODULE_OUTPUT("output of a module"),
    /** A physical id (or a reference) that points at nothing defined in the inputs of the run. */
    OUTSIDE_INPUTS("resource outside the inputs"),
    /** A resource attribute that only exists once the resource is deployed ({@code Ref} to a VPC id, ...). */
    ASSIGNED_AT_DEPLOY("assigned by AWS at deploy"),
    /** An intrinsic function or a construct that Preflight does not evaluate. */
    UNSUPPORTED("not evaluated by Preflight");

    private final String description;

    UnknownReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
