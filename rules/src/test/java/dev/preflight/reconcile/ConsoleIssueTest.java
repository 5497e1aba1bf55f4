package dev.preflight.reconcile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's issue texts of prerequisites 7.2: parsed into type and message, and which rules explain them. */
class ConsoleIssueTest {
    @Test
    void theTypeIsReadFromThePrefixTheMessageOrTheApiSpelling() {
        assertThat(ConsoleIssue.parse("No Agent Reporting").type()).isEqualTo(ConsoleIssue.NO_AGENT_REPORTING);
        assertThat(ConsoleIssue.parse("NO_AGENT_REPORTING").type()).isEqualTo(ConsoleIssue.NO_AGENT_REPORTING);
        ConsoleIssue kernel = ConsoleIssue.parse("Agent Not Provisioned: Kernel version is lower than the supported version.");
        assertThat(kernel.type()).isEqualTo(ConsoleIssue.AGENT_NOT_PROVISIONED);
        assertThat(kernel.detail()).startsWith("Kernel version");
        assertThat(ConsoleIssue.parse("Waiting for SSM notification").type()).isEqualTo(ConsoleIssue.NO_AGENT_REPORTING);
        assertThat(ConsoleIssue.parse("Agent not reporting").type()).isEqualTo(ConsoleIssue.LEGACY_AGENT_NOT_REPORTING);
        assertThat(ConsoleIssue.parse("SSM Instance Association Execution Failed: Architectural requirements or other "
                + "prerequisites are not met.").type()).isEqualTo(ConsoleIssue.SSM_EXECUTION_FAILED);
        assertThat(ConsoleIssue.parse("Something new").type()).isNull();
        assertThat(ConsoleIssue.parse("Something new").unseen(null)).containsExactly(Unseen.UNRECOGNISED_ISSUE);
    }

    @Test
    void theMessageNarrowsWhichRuleExplainsTheIssue() {
        ConsoleIssue excluded = ConsoleIssue.parse("Agent Not Provisioned: Instances with exclusion tags are excluded from Runtime Monitoring.");
        assertThat(excluded.exclusion()).isTrue();
        assertThat(excluded.explainedBy("GD012", ConsoleIssue.AGENT_NOT_PROVISIONED)).isFalse();
        ConsoleIssue kernel = ConsoleIssue.parse("Agent Not Provisioned: Kernel version is higher than the supported version.");
        assertThat(kernel.explainedBy("GD012", ConsoleIssue.AGENT_NOT_PROVISIONED)).isTrue();
        assertThat(kernel.explainedBy("GD009", ConsoleIssue.AGENT_NOT_PROVISIONED)).isFalse();
        ConsoleIssue none = ConsoleIssue.parse("No Agent Reporting");
        assertThat(none.explainedBy("GD002", ConsoleIssue.NO_AGENT_REPORTING)).isTrue();
        assertThat(none.explainedBy("GD001", ConsoleIssue.VPCE_CREATION_FAILED)).isFalse();
        ConsoleIssue ssm = ConsoleIssue.parse("No Agent Reporting: Waiting for SSM notification");
        assertThat(ssm.explainedBy("GD010", ConsoleIssue.NO_AGENT_REPORTING)).isTrue();
        assertThat(ssm.explainedBy("GD002", ConsoleIssue.NO_AGENT_REPORTING)).isFalse();
        ConsoleIssue dns = ConsoleIssue.parse("VPC Endpoint Creation Failed: Enabling private DNS requires both "
                + "enableDnsSupport and enableDnsHostnames VPC attributes set to true for vpc-1");
        assertThat(dns.explainedBy("GD001", ConsoleIssue.VPCE_CREATION_FAILED)).isTrue();
        ConsoleIssue owner = ConsoleIssue.parse("VPC Endpoint Creation Failed: Owner account ID 4 for shared VPC vpc-1 "
                + "doesn't have either Runtime Monitoring, automated agent configuration, or both, enabled");
        assertThat(owner.explainedBy("GD001", ConsoleIssue.VPCE_CREATION_FAILED)).isFalse();
        assertThat(owner.unseen(null)).containsExactly(Unseen.SHARED_VPC_OWNER);
        ConsoleIssue quota = ConsoleIssue.parse("SSM Association Creation Failed: Your account has too many SSM associations");
        assertThat(quota.unseen(null)).containsExactly(Unseen.SSM_ASSOCIATION_QUOTA);
        assertThat(ConsoleIssue.parse("No Agent Reporting: Agent disconnected").unseen(null)).contains(Unseen.AGENT_STOPPED);
        assertThat(ConsoleIssue.parse("No Agent Reporting").unseen("MANUAL")).contains(Unseen.MANUAL_AGENT_MISSING);
    }
}
