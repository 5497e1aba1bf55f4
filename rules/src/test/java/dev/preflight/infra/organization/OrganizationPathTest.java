package dev.preflight.infra.organization;

import dev.preflight.rules.policy.ScpAllowsTelemetryRule;
import dev.preflight.model.Dialect;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rule.Verdict;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organization tree as a Terraform plan shows it for resources that already exist (ids known): an account under
 * an OU under the root. With {@code --account}, an SCP attached off the account's path does not apply to it.
 */
class OrganizationPathTest {
    private static final String PLAN = "org/plan.json";
    private static final SourceLocation AT = new SourceLocation(PLAN, 1, 1);

    private static Value text(String s) {
        return new Value.Text(s, AT);
    }

    private static Value ref(String id, String known) {
        return new Value.Reference(new ResourceKey(PLAN, id), "id", text(known), AT);
    }

    private static Resource tf(String id, String type, Object... kv) {
        Map<String, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Value) kv[i + 1]);
        }
        return new Resource(new ResourceKey(PLAN, id), type, Dialect.TERRAFORM, new Value.Struct(m, AT), AT, null,
                null, null, false);
    }

    private static final String DENY = "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"guardduty:*\",\"Resource\":\"*\"}}";

    private static ResourceGraph graph() {
        return new ResourceGraph(List.of(new InputDocument(PLAN, InputFormat.TERRAFORM_PLAN)), List.of(
                tf("aws_organizations_organizational_unit.prod", "aws_organizations_organizational_unit",
                        "id", text("ou-ab12-prod0001"), "parent_id", text("r-ab12")),
                tf("aws_organizations_organizational_unit.sandbox", "aws_organizations_organizational_unit",
                        "id", text("ou-ab12-sand0001"), "parent_id", text("r-ab12")),
                tf("aws_organizations_account.payments", "aws_organizations_account",
                        "id", text("111122223333"), "parent_id", ref("aws_organizations_organizational_unit.prod", "ou-ab12-prod0001")),
                tf("aws_organizations_policy.sandbox_deny", "aws_organizations_policy", "content", text(DENY)),
                tf("aws_organizations_policy_attachment.sandbox_deny", "aws_organizations_policy_attachment",
                        "policy_id", ref("aws_organizations_policy.sandbox_deny", "p-sand"),
                        "target_id", ref("aws_organizations_organizational_unit.sandbox", "ou-ab12-sand0001")),
                tf("aws_organizations_policy.prod_deny", "aws_organizations_policy", "content", text(DENY)),
                tf("aws_organizations_policy_attachment.prod_deny", "aws_organizations_policy_attachment",
                        "policy_id", ref("aws_organizations_policy.prod_deny", "p-prod"),
                        "target_id", text("ou-ab12-prod0001"))));
    }

    @Test
    void thePathOfAnAccountWithAKnownIdGoesUpToTheRoot() {
        ServiceControlPolicies scps = ServiceControlPolicies.of(graph());

        List<OrgTarget> path = scps.pathOf("111122223333").orElseThrow();

        assertThat(path).extracting(OrgTarget::kind).containsExactly(OrgTarget.Kind.ROOT, OrgTarget.Kind.OU,
                OrgTarget.Kind.ACCOUNT);
        assertThat(path.get(1).id()).isEqualTo("ou-ab12-prod0001");
        assertThat(scps.pathOf("999988887777")).isEmpty();
    }

    @Test
    void anScpOffTheAccountsPathDoesNotApplyButOneOnItFails() {
        List<RuleResult> r = new ScpAllowsTelemetryRule().evaluate(new RuleContext(graph(),
                new RunSettings(Optional.empty(), Optional.of("111122223333"), LocalDate.of(2026, 11, 26))));

        assertThat(r).filteredOn(x -> x.subject().id().equals("aws_organizations_policy.sandbox_deny"))
                .singleElement().satisfies(x -> {
                    assertThat(x.verdict()).isEqualTo(Verdict.PASS);
                    assertThat(x.message()).contains("does not apply to account 111122223333", "its path is root r-ab12");
                });
        assertThat(r).filteredOn(x -> x.subject().id().equals("aws_organizations_policy.prod_deny"))
                .singleElement().satisfies(x -> {
                    assertThat(x.verdict()).isEqualTo(Verdict.FAIL);
                    assertThat(x.message()).contains("which contains account 111122223333");
                });
    }
}
