package dev.preflight.rule;

/**
 * What GuardDuty's console shows for a workload that a rule's failure concerns (prerequisites 7.2): the issue
 * type, the message when the console shows one, and the stage of GuardDuty's setup at which coverage stops. The
 * stage orders the failures of one workload: the console shows the earliest stage that fails.
 */
public record ConsoleEffect(String issueType, String message, Stage stage) {
    public static final String NO_AGENT_REPORTING = "No Agent Reporting";
    public static final String AGENT_NOT_PROVISIONED = "Agent Not Provisioned";
    public static final String VPC_ENDPOINT_CREATION_FAILED = "VPC Endpoint Creation Failed";
    public static final String SSM_EXECUTION_FAILED = "SSM Instance Association Execution Failed";

    /** The stages of GuardDuty's setup for an instance, in the order it goes through them. */
    public enum Stage {
        /** The account's detector does not run Runtime Monitoring for EC2: no instance is covered. */
        RUNTIME_MONITORING,
        /** GuardDuty does not provision the agent: Runtime Monitoring is off, the OS or kernel is unsupported,
         * instance metadata cannot identify the instance. */
        PROVISIONING,
        /** The guardduty-data endpoint cannot be created, or its private DNS name does not lead to it. */
        ENDPOINT,
        /** The agent's telemetry is refused on its way: SCPs, the endpoint policy, security groups, network ACLs. */
        TELEMETRY,
        /**
         * The VPC's DNS does not resolve the customer's own endpoint by its private name. Ranked after the path:
         * an endpoint that exists was created with private DNS, which needs the same VPC attributes, so a path
         * that refuses the agent is the likelier cause of what the console shows.
         */
        ENDPOINT_NAME,
        /** Systems Manager, which delivers the automated agent, does not manage the instance. */
        AGENT_DELIVERY
    }

    public ConsoleEffect {
        if (issueType == null || issueType.isBlank()) {
            throw new IllegalArgumentException("a console effect needs the console's issue type");
        }
        if (message != null && message.isBlank()) {
            message = null;
        }
    }

    /** As the console writes an issue: {@code Issue type: message}. */
    public String display() {
        return message == null ? issueType : issueType + ": " + message;
    }
}
