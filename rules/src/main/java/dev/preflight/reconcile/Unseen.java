package dev.preflight.reconcile;

/**
 * Causes of a console status that infrastructure code cannot show: the troubleshooting column of the coverage
 * issue table (prerequisites 7.2, 8, 9.1). They are stated as what to check, never as findings.
 */
public enum Unseen {
    AGENT_STOPPED("agent-stopped", "the agent stopped or lost its connection after it had reported: check "
            + "/var/log/amzn-guardduty-agent/ and `journalctl -u amazon-guardduty-agent` on the instance"),
    NOT_SSM_MANAGED("not-ssm-managed", "the instance is not SSM-managed yet (not in Fleet Manager: SSM Agent stopped, "
            + "no path to the ssm/ssmmessages/ec2messages endpoints, Default Host Management Configuration off) or was "
            + "launched minutes ago"),
    MANUAL_AGENT_MISSING("manual-agent-missing", "the agent is managed manually (managementType MANUAL) and is not "
            + "installed or not running on the instance"),
    CHANGE_OUTSIDE_CODE("change-outside-code", "a change made outside the code (a security group, endpoint, VPC "
            + "attribute or tag edited in the console or by another tool) that the inputs do not show; compare the "
            + "deployed resources with the code"),
    POLICY_OUTSIDE_INPUTS("policy-outside-inputs", "an SCP, endpoint policy or permissions boundary outside the inputs "
            + "that denies guardduty:SendSecurityTelemetry (add it with --scp or to the run)"),
    TAG_OUTSIDE_CODE("tag-outside-code", "the instance carries GuardDutyManaged=false set outside the code "
            + "(console, another tool, an AMI or launch template not in the inputs)"),
    KERNEL("kernel", "the instance's actual kernel (an AMI the inputs name only by id, or a kernel changed after "
            + "launch) is outside the supported range of the OS table"),
    IMDS_OUTSIDE_CODE("imds-outside-code", "instance metadata is disabled outside the code (account-level IMDS "
            + "defaults, modify-instance-metadata-options) or the instance is not a real EC2 instance (hybrid node)"),
    SSM_ASSOCIATION_QUOTA("ssm-association", "the account's SSM associations: a GuardDuty association left over from "
            + "an earlier setup, or the account's association quota reached"),
    SSM_ASSOCIATION_MISSING("ssm-association-missing", "the GuardDuty SSM association was removed from the account: "
            + "re-enable Runtime Monitoring (automated agent configuration)"),
    SSM_EXECUTION("ssm-execution", "the SSM association ran on the instance and failed: OS or architecture "
            + "prerequisites; see the association's execution history"),
    SHARED_VPC_OWNER("shared-vpc-owner", "the shared VPC's owner account: it needs Runtime Monitoring and automated "
            + "agent configuration enabled in the same organization (prerequisites 8); its settings are not in the inputs"),
    VPC_OUTSIDE_CODE("vpc-outside-code", "the VPC's DNS attributes as deployed (the VPC is not among the inputs or "
            + "was changed outside the code); fix the VPC, then change the instance's GuardDutyManaged tag or "
            + "stop/start it so that GuardDuty retries"),
    LEGACY_AGENT("legacy-agent", "a legacy issue type (end of support): enable the automated agent configuration"),
    EXCLUSION_NOT_HONOURED("exclusion-not-honoured", "GuardDuty did not apply the exclusion tag the code sets: the "
            + "tag was not on the instance at launch, or instance metadata tags were off when it was read"),
    LINK_LOCAL_PATH("link-local-path", "the agent may reach GuardDuty over its link-local path "
            + "(guardduty-data-v2, prerequisites 1.5), which does not use the VPC endpoint the failing rules check"),
    WAIVED_RISK("waived-risk", "a waived finding predicts Unhealthy (a waiver accepts the risk); the console shows "
            + "that the risk has not materialised, or not yet"),
    NOT_FROM_CODE("not-from-code", "the instance is not made by the code of this run"),
    UNRECOGNISED_ISSUE("unrecognised-issue", "an issue text that is not in the troubleshooting table "
            + "(prerequisites 7.2); see the GuardDuty coverage documentation");

    private final String code;
    private final String hint;

    Unseen(String code, String hint) {
        this.code = code;
        this.hint = hint;
    }

    public String code() {
        return code;
    }

    public String hint() {
        return hint;
    }
}
