package dev.preflight.model;

/** Why a value cannot be known before deploy. Each rule names it in an UNKNOWN verdict. */
public enum UnknownReason {
    /** A CloudFormation parameter with neither a {@code --parameter} value nor a {@code Default}. */
    PARAMETER_WITHOUT_VALUE("parameter without value or default"),
    /** {@code Fn::ImportValue} of a name that no input of the run exports. */
    IMPORT_NOT_FOUND("Fn::ImportValue not exported by any input"),
    /**
     * {@code {{resolve:ssm:...}}}, {@code {{resolve:secretsmanager:...}}} or an SSM parameter type. For SSM the detail
     * starts with {@code ssm:<parameter name>} (see {@link Value.Unknown#ssmParameter()}).
     */
    DYNAMIC_REFERENCE("dynamic reference resolved at deploy time"),
    /** A pseudo parameter such as {@code AWS::AccountId} not given on the command line. */
    PSEUDO_PARAMETER("pseudo parameter not given with --region/--account"),
    /** Terraform "known after apply" with no configuration expression that decides it. */
    KNOWN_AFTER_APPLY("known after apply"),
    /**
     * Terraform: the attribute is computed by the provider and the configuration does not set it. Rules read
     * this as "absent" and apply the provider default (for example {@code private_dns_enabled}).
     */
    NOT_CONFIGURED("not set in the configuration (provider default applies)"),
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
