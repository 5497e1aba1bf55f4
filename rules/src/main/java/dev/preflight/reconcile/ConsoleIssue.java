package dev.preflight.reconcile;

import dev.preflight.rule.ConsoleEffect;

import java.util.List;
import java.util.Locale;

/**
 * The console's issue text split into its issue type and extra information ({@code "Issue type:Extra
 * information"}, prerequisites 7.2), with what causes it that the code cannot show ({@link Unseen}).
 * A text that starts with none of the EC2 issue types is kept whole as {@code detail} with a null type,
 * unless its message alone names the type (the console sometimes shows only the message).
 */
public record ConsoleIssue(String type, String detail) {
    public static final String NO_AGENT_REPORTING = ConsoleEffect.NO_AGENT_REPORTING;
    public static final String AGENT_NOT_PROVISIONED = ConsoleEffect.AGENT_NOT_PROVISIONED;
    public static final String SSM_CREATION_FAILED = "SSM Association Creation Failed";
    public static final String SSM_UPDATION_FAILED = "SSM Association Updation Failed";
    public static final String SSM_DELETION_FAILED = "SSM Association Deletion Failed";
    public static final String SSM_EXECUTION_FAILED = ConsoleEffect.SSM_EXECUTION_FAILED;
    public static final String VPCE_CREATION_FAILED = ConsoleEffect.VPC_ENDPOINT_CREATION_FAILED;
    public static final String SHARED_VPCE_DELETION_FAILED = "Shared VPC Endpoint Deletion Failed";
    public static final String LEGACY_AGENT_NOT_REPORTING = "Agent not reporting";

    /** The EC2 issue types of prerequisites 7.2, longest first so that a prefix never shadows a longer type. */
    static final List<String> TYPES = List.of(SSM_EXECUTION_FAILED, SHARED_VPCE_DELETION_FAILED, SSM_CREATION_FAILED,
            SSM_UPDATION_FAILED, SSM_DELETION_FAILED, VPCE_CREATION_FAILED, AGENT_NOT_PROVISIONED, NO_AGENT_REPORTING,
            LEGACY_AGENT_NOT_REPORTING);

    public static ConsoleIssue parse(String issue) {
        if (issue == null || issue.isBlank()) {
            return new ConsoleIssue(null, "");
        }
        String text = issue.strip();
        // the API's enum-like spelling (NO_AGENT_REPORTING) reads as the console's words
        String words = text.replace('_', ' ');
        for (String t : TYPES) {
            if (words.regionMatches(true, 0, t, 0, t.length())) {
                String rest = text.substring(t.length()).strip();
                if (rest.startsWith(":") || rest.startsWith("-")) {
                    rest = rest.substring(1).strip();
                }
                return new ConsoleIssue(t, rest);
            }
        }
        return new ConsoleIssue(typeOfMessage(text), text);
    }

    /** Messages of 7.2 that name their type even without the type in front. */
    private static String typeOfMessage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("waiting for ssm notification") || m.contains("agent disconnected")) {
            return NO_AGENT_REPORTING;
        }
        if (m.contains("exclusion tag") || m.contains("kernel version") || m.contains("instance identity document")) {
            return AGENT_NOT_PROVISIONED;
        }
        if (m.contains("too many ssm associations") || m.contains("ssm association already exists")) {
            return SSM_CREATION_FAILED;
        }
        if (m.contains("architectural requirements")) {
            return SSM_EXECUTION_FAILED;
        }
        if (m.contains("shared vpc endpoint deletion")) {
            return SHARED_VPCE_DELETION_FAILED;
        }
        if (m.contains("vpc endpoint creation") || m.contains("enabling private dns")
                || (m.contains("shared vpc") && m.contains("owner account"))) {
            return VPCE_CREATION_FAILED;
        }
        return null;
    }

    /**
     * Whether a failure of this rule, which leads to the console issue type {@code ruleIssueType}, explains this
     * issue: the same type, narrowed by the message where the message names the cause (a kernel message is GD012's,
     * an identity document GD009's, "Waiting for SSM notification" GD010's, a private-DNS failure GD001's or
     * GD005's); an association execution failure is the OS/architecture rule's. Causes no rule checks (a shared VPC's
     * owner, SSM association quotas) are explained by none.
     */
    public boolean explainedBy(String ruleId, String ruleIssueType) {
        String m = detail.toLowerCase(Locale.ROOT);
        if (SSM_EXECUTION_FAILED.equals(type)) {
            return "GD012".equals(ruleId);
        }
        if (type == null || !type.equals(ruleIssueType)) {
            return false;
        }
        if (m.contains("waiting for ssm notification")) {
            return "GD010".equals(ruleId);
        }
        if (m.contains("kernel")) {
            return "GD012".equals(ruleId);
        }
        if (m.contains("identity document")) {
            return "GD009".equals(ruleId);
        }
        if (m.contains("exclusion tag")) {
            return "GD007".equals(ruleId);
        }
        if (m.contains("shared vpc")) {
            return false;
        }
        if (m.contains("private dns")) {
            return "GD001".equals(ruleId) || "GD005".equals(ruleId);
        }
        return true;
    }

    public boolean exclusion() {
        return AGENT_NOT_PROVISIONED.equals(type) && detail.toLowerCase(Locale.ROOT).contains("exclusion tag");
    }

    /** The issue as the console shows it: {@code type: detail}. */
    public String display() {
        if (type == null) {
            return detail;
        }
        return detail.isEmpty() ? type : type + ": " + detail;
    }

    /**
     * What can cause this issue that the infrastructure code cannot show, from the troubleshooting column of
     * prerequisites 7.2 ({@code managementType} MANUAL adds the manual agent's installation).
     */
    public List<Unseen> unseen(String managementType) {
        String m = detail.toLowerCase(Locale.ROOT);
        if (type == null) {
            return List.of(Unseen.UNRECOGNISED_ISSUE);
        }
        return switch (type) {
            case NO_AGENT_REPORTING -> {
                if (m.contains("agent disconnected")) {
                    yield List.of(Unseen.AGENT_STOPPED, Unseen.CHANGE_OUTSIDE_CODE);
                }
                if (m.contains("waiting for ssm notification")) {
                    yield List.of(Unseen.NOT_SSM_MANAGED);
                }
                yield "MANUAL".equals(managementType)
                        ? List.of(Unseen.MANUAL_AGENT_MISSING, Unseen.CHANGE_OUTSIDE_CODE, Unseen.POLICY_OUTSIDE_INPUTS)
                        : List.of(Unseen.NOT_SSM_MANAGED, Unseen.CHANGE_OUTSIDE_CODE, Unseen.POLICY_OUTSIDE_INPUTS);
            }
            case AGENT_NOT_PROVISIONED -> {
                if (m.contains("exclusion tag")) {
                    yield List.of(Unseen.TAG_OUTSIDE_CODE);
                }
                if (m.contains("kernel")) {
                    yield List.of(Unseen.KERNEL);
                }
                if (m.contains("identity document")) {
                    yield List.of(Unseen.IMDS_OUTSIDE_CODE);
                }
                yield List.of(Unseen.CHANGE_OUTSIDE_CODE);
            }
            case SSM_CREATION_FAILED -> List.of(Unseen.SSM_ASSOCIATION_QUOTA);
            case SSM_UPDATION_FAILED, SSM_DELETION_FAILED -> List.of(Unseen.SSM_ASSOCIATION_MISSING);
            case SSM_EXECUTION_FAILED -> List.of(Unseen.SSM_EXECUTION);
            case VPCE_CREATION_FAILED -> m.contains("shared vpc")
                    ? List.of(Unseen.SHARED_VPC_OWNER)
                    : List.of(Unseen.VPC_OUTSIDE_CODE);
            case SHARED_VPCE_DELETION_FAILED -> List.of(Unseen.SHARED_VPC_OWNER);
            case LEGACY_AGENT_NOT_REPORTING -> List.of(Unseen.LEGACY_AGENT);
            default -> List.of(Unseen.UNRECOGNISED_ISSUE);
        };
    }
}
