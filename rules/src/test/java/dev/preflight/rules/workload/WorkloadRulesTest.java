package dev.preflight.rules.workload;

import dev.preflight.infra.WorkloadTestModel;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.preflight.infra.WorkloadTestModel.list;
import static dev.preflight.infra.WorkloadTestModel.map;
import static org.assertj.core.api.Assertions.assertThat;

/** GD007, GD009, GD010, GD012, GD014 on in-memory models; the fixtures cover the loaders end to end. */
class WorkloadRulesTest {

    private static List<RuleResult> run(Rule rule, WorkloadTestModel m) {
        return rule.evaluate(new RuleContext(m.graph(), RunSettings.defaults()));
    }

    private static RuleResult only(Rule rule, WorkloadTestModel m) {
        List<RuleResult> r = run(rule, m);
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private static WorkloadTestModel instanceWithTags(Object tags) {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Host", "AWS::EC2::Instance", "ImageId", "ami-1", "Tags", tags);
        return m;
    }

    // ---- GD007 ----

    @ParameterizedTest(name = "{0}={1} reason={2} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
            "GuardDutyManaged|false|<none>|FAIL|ERROR",
            "GuardDutyManaged|false|approved SEC-1|PASS|ERROR",
            "GuardDutyManaged|false|'  '|FAIL|ERROR",
            "GuardDutyManaged|true|<none>|PASS|ERROR",
            "GuardDutyManaged|False|<none>|FAIL|WARNING",
            "GuardDutyManaged|' false'|<none>|FAIL|WARNING",
            "GuardDutyManaged|no|<none>|FAIL|WARNING",
            "GuardDutyManaged|0|<none>|FAIL|WARNING",
            "guarddutymanaged|false|<none>|FAIL|WARNING",
            "'GuardDutyManaged '|false|<none>|FAIL|WARNING",
            "Name|web|<none>|PASS|ERROR",
    })
    void gd007ExclusionTagsAndNearMisses(String key, String value, String reason, Verdict verdict, Severity severity) {
        List<Object> tags = list(map("Key", key, "Value", value));
        if (!reason.equals("<none>")) {
            tags.add(map("Key", "GuardDutyExclusionReason", "Value", reason));
        }
        RuleResult r = only(new ExclusionTagsIntentionalRule(), instanceWithTags(tags));
        assertThat(r.verdict()).isEqualTo(verdict);
        assertThat(r.subject().id()).isEqualTo("Host");
        if (verdict == Verdict.FAIL) {
            assertThat(r.severity()).isEqualTo(severity);
            assertThat(r.message()).contains("Host");
        }
    }

    @Test
    void gd007UnknownValueIsUnknownNeverPass() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        Value unknown = m.unknown(new UnknownOrigin.ParameterWithoutValue("Exclude", false));
        m.add("Host", "AWS::EC2::Instance", "Tags", list(map("Key", "GuardDutyManaged", "Value", unknown)));
        RuleResult r = only(new ExclusionTagsIntentionalRule(), m);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("parameter Exclude");
    }

    @Test
    void gd007ConditionalExclusionFailsInItsWorstBranchNamingTheCondition() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Host", "AWS::EC2::Instance", "Tags", list(map("Key", "GuardDutyManaged",
                "Value", m.cond("IsBatch", "false", "true"))));
        RuleResult r = only(new ExclusionTagsIntentionalRule(), m);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).startsWith("When IsBatch is true: ");
    }

    @Test
    void gd007ValuesThatShareAConditionAreDecidedTogether() {
        // Excluded with a reason when IsBatch, included otherwise: no combination lacks the reason. Judging each
        // tag's worst branch on its own would pair "false" with the absent reason and fail.
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Host", "AWS::EC2::Instance", "Tags", list(
                map("Key", "GuardDutyManaged", "Value", m.cond("IsBatch", "false", "true")),
                map("Key", "GuardDutyExclusionReason", "Value", m.cond("IsBatch", "batch jobs", m.absent()))));
        RuleResult r = only(new ExclusionTagsIntentionalRule(), m);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void gd009TheWorkloadsOwnConditionCounts() {
        // The instance exists only when IsProd holds, and then its metadata endpoint is enabled.
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.conditional("IsProd", "Host", "AWS::EC2::Instance", "ImageId", "ami-1",
                "MetadataOptions", map("HttpEndpoint", m.cond("IsProd", "enabled", "disabled")));
        RuleResult r = only(new ImdsReachableRule(), m);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        // with an independent condition the disabled branch is reachable and named, in the one wording
        WorkloadTestModel other = WorkloadTestModel.cloudFormation();
        other.conditional("IsProd", "Host", "AWS::EC2::Instance", "ImageId", "ami-1",
                "MetadataOptions", map("HttpEndpoint", other.cond("Locked", "disabled", "enabled")));
        RuleResult f = only(new ImdsReachableRule(), other);
        assertThat(f.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(f.message()).startsWith("When IsProd is true and Locked is true: ");
    }

    @Test
    void gd007SharedLaunchTemplateGetsOneResultTheWorst() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Lt", "AWS::EC2::LaunchTemplate", "LaunchTemplateData", map("TagSpecifications", list(
                map("ResourceType", "instance", "Tags", list(map("Key", "GuardDutyManaged", "Value", "false"))))));
        m.add("Justified", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateId", m.ref("Lt", null, null), "Version", "1"),
                "Tags", list(map("Key", "GuardDutyExclusionReason", "Value", "EDR", "PropagateAtLaunch", true)));
        m.add("Unjustified", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateId", m.ref("Lt", null, null), "Version", "1"));
        RuleResult r = only(new ExclusionTagsIntentionalRule(), m);
        assertThat(r.subject().id()).isEqualTo("Lt");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("Unjustified");
    }

    @Test
    void gd007TagThatStaysOnTheGroupDoesNotExclude() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Lt", "AWS::EC2::LaunchTemplate", "LaunchTemplateData", map("ImageId", "ami-1"));
        m.add("Asg", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateId", m.ref("Lt", null, null), "Version", "1"),
                "Tags", list(map("Key", "GuardDutyManaged", "Value", "false", "PropagateAtLaunch", "false")));
        RuleResult r = only(new ExclusionTagsIntentionalRule(), m);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.subject().id()).isEqualTo("Asg");
    }

    @Test
    void gd007PartlyKnownKeyThatCannotBeAGuardDutyKeyIsNoUnknown() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        SourceLocation at = new SourceLocation("template.yaml", 98, 1);
        Value key = new Value.Template(List.of(new Value.Text("kubernetes.io/cluster/", at),
                new Value.Unknown(new UnknownOrigin.AssignedAtDeploy(null, null, "Ref Cluster"), at)), at);
        Value guardDutyLike = new Value.Template(List.of(new Value.Text("GuardDuty", at),
                new Value.Unknown(new UnknownOrigin.ParameterWithoutValue("Suffix", false), at)), at);
        m.add("Nodes", "AWS::AutoScaling::AutoScalingGroup", "LaunchConfigurationName", m.ref("Lc", null, null),
                "Tags", list(map("Key", key, "Value", "owned", "PropagateAtLaunch", true)));
        m.add("Lc", "AWS::AutoScaling::LaunchConfiguration", "ImageId", "ami-1");
        m.add("Other", "AWS::EC2::Instance", "Tags", list(map("Key", guardDutyLike, "Value", "false")));
        List<RuleResult> r = run(new ExclusionTagsIntentionalRule(), m);
        assertThat(r).extracting(x -> x.subject().id() + " " + x.verdict())
                .containsExactly("Nodes PASS", "Other UNKNOWN");
    }

    @Test
    void launchConfigurationOutsideTheInputsAddsNoUnknownTags() {
        WorkloadTestModel m = WorkloadTestModel.terraform();
        m.add("aws_autoscaling_group.a", "aws_autoscaling_group", "launch_configuration", "legacy-lc",
                "tag", list(map("key", "GuardDutyManaged", "value", "false", "propagate_at_launch", true)));
        assertThat(only(new ExclusionTagsIntentionalRule(), m).verdict()).isEqualTo(Verdict.FAIL);
        // launch configurations cannot enable metadata tags: the exclusion is not readable, whatever the LC says
        assertThat(only(new ExclusionTagReadableRule(), m).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(new ImdsReachableRule(), m).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void gd010EksNodeGroupsGetTheAgentAsAnAddOn() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Nodes", "AWS::EKS::Nodegroup", "NodeRole", "arn:aws:iam::123456789012:role/nodes");
        assertThat(only(new SsmManagedRule(), m).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }

    @Test
    void gd010SelfManagedEksNodesAreRecognisedByTheirClusterTag() {
        WorkloadTestModel m = instanceWithTags(list(map("Key", "kubernetes.io/cluster/prod", "Value", "owned")));
        assertThat(only(new SsmManagedRule(), m).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }

    // ---- GD009 ----

    @ParameterizedTest(name = "HttpEndpoint {0} -> {1}")
    @CsvSource({"disabled,FAIL", "enabled,PASS", "<absent>,PASS"})
    void gd009MetadataEndpoint(String endpoint, Verdict verdict) {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        Object md = endpoint.equals("<absent>") ? map("HttpTokens", "required")
                : map("HttpEndpoint", endpoint, "HttpTokens", "required");
        m.add("Lt", "AWS::EC2::LaunchTemplate", "LaunchTemplateData", map("MetadataOptions", md));
        m.add("Asg", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateId", m.ref("Lt", null, null), "Version", "1"));
        RuleResult r = only(new ImdsReachableRule(), m);
        assertThat(r.verdict()).isEqualTo(verdict);
        assertThat(r.subject().id()).isEqualTo("Asg");
        if (verdict == Verdict.FAIL) {
            assertThat(r.message()).contains("launch template Lt");
            assertThat(r.related()).extracting(rl -> rl.resource()).contains("Lt");
        }
    }

    @Test
    void gd009UnknownEndpointIsUnknown() {
        WorkloadTestModel m = WorkloadTestModel.terraform();
        m.add("aws_instance.a", "aws_instance", "ami", "ami-1", "metadata_options", list(map("http_endpoint",
                m.unknown(new UnknownOrigin.KnownAfterApply("aws_instance.a", "metadata_options[0].http_endpoint")))));
        RuleResult r = only(new ImdsReachableRule(), m);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("known after apply");
    }

    // ---- GD010 ----

    private static WorkloadTestModel hostWithRole(Object... roleProperties) {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Role", "AWS::IAM::Role", roleProperties);
        m.add("Profile", "AWS::IAM::InstanceProfile", "Roles", list(m.ref("Role", null, "role-name")));
        m.add("Host", "AWS::EC2::Instance", "ImageId", "ami-1", "IamInstanceProfile", m.ref("Profile", null, null));
        return m;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore,PASS",
            "arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore,PASS",
            "arn:aws-cn:iam::aws:policy/service-role/AmazonEC2RoleforSSM,PASS",
            "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy,FAIL",
            "arn:aws:iam::123456789012:policy/platform-ssm,UNKNOWN",
    })
    void gd010ManagedPolicyArns(String arn, Verdict verdict) {
        RuleResult r = only(new SsmManagedRule(), hostWithRole("ManagedPolicyArns", list(arn)));
        assertThat(r.verdict()).isEqualTo(verdict);
        assertThat(r.subject().id()).isEqualTo("Host");
    }

    @Test
    void gd010PartitionFromSubStillNamesThePolicy() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        SourceLocation at = new SourceLocation("template.yaml", 99, 1);
        Value sub = new Value.Template(List.of(new Value.Text("arn:", at),
                new Value.Unknown(new UnknownOrigin.PseudoParameter("AWS::Partition", "give --region or --account"), at),
                new Value.Text(":iam::aws:policy/AmazonSSMManagedInstanceCore", at)), at);
        m.add("Role", "AWS::IAM::Role", "ManagedPolicyArns", list(sub));
        m.add("Profile", "AWS::IAM::InstanceProfile", "Roles", list(m.ref("Role", null, null)));
        m.add("Host", "AWS::EC2::Instance", "IamInstanceProfile", m.ref("Profile", null, null));
        assertThat(only(new SsmManagedRule(), m).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void gd010InlineStatementsWithWildcardsGrantTheCorePermissions() {
        Object doc = map("Version", "2012-10-17", "Statement", list(map("Effect", "Allow",
                "Action", list("ssm:UpdateInstance*", "SSMMessages:*", "ec2messages:*"), "Resource", "*")));
        RuleResult r = only(new SsmManagedRule(), hostWithRole("Policies",
                list(map("PolicyName", "ssm", "PolicyDocument", doc))));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void gd010PartialStatementsFailNamingWhatIsMissing() {
        Object doc = map("Statement", list(map("Effect", "Allow", "Action", "ssm:UpdateInstanceInformation",
                "Resource", "*")));
        RuleResult r = only(new SsmManagedRule(), hostWithRole("Policies",
                list(map("PolicyName", "ssm", "PolicyDocument", doc))));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("ssmmessages:*").contains("ec2messages:*").contains("Role");
    }

    @Test
    void gd010ExplicitDenyWinsOverTheManagedPolicy() {
        Object deny = map("Statement", list(map("Effect", "Deny", "Action", "ssmmessages:*", "Resource", "*")));
        RuleResult r = only(new SsmManagedRule(), hostWithRole(
                "ManagedPolicyArns", list("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"),
                "Policies", list(map("PolicyName", "deny", "PolicyDocument", deny))));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void gd010TerraformJsonPolicyAttachedByRoleName() {
        WorkloadTestModel m = WorkloadTestModel.terraform();
        m.add("aws_iam_role.app", "aws_iam_role", "name", "app");
        m.add("aws_iam_role_policy.ssm", "aws_iam_role_policy", "role", "app", "policy",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ssm:*\","
                        + "\"ssmmessages:*\",\"ec2messages:*\"],\"Resource\":\"*\"}]}");
        m.add("aws_iam_instance_profile.app", "aws_iam_instance_profile", "name", "app", "role", "app");
        m.add("aws_instance.app", "aws_instance", "ami", "ami-1", "iam_instance_profile", "app");
        assertThat(only(new SsmManagedRule(), m).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void gd010NoProfileFailsAtWarningAndProfileOutsideIsUnknown() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Bare", "AWS::EC2::Instance", "ImageId", "ami-1");
        m.add("Outside", "AWS::EC2::Instance", "ImageId", "ami-1", "IamInstanceProfile", "shared-profile");
        List<RuleResult> r = run(new SsmManagedRule(), m);
        assertThat(r.get(0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(r.get(0).message()).contains("Default Host Management Configuration");
        assertThat(r.get(1).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.get(1).reason()).contains("shared-profile");
    }

    @Test
    void gd010ExcludedWorkloadIsNotApplicable() {
        WorkloadTestModel m = instanceWithTags(list(map("Key", "GuardDutyManaged", "Value", "false")));
        assertThat(only(new SsmManagedRule(), m).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }

    // ---- GD012 ----

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64,PASS",
            "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-6.1-arm64,PASS",
            "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2,FAIL",
            "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2,PASS",
            "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id,FAIL",
            "/aws/service/ecs/optimized-ami/amazon-linux-2/kernel-5.10/recommended/image_id,PASS",
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id,PASS",
            "/aws/service/eks/optimized-ami/1.29/amazon-linux-2/recommended/image_id,PASS",
            "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id,PASS",
            "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp2/ami-id,PASS",
            "/aws/service/canonical/ubuntu/server/18.04/stable/current/amd64/hvm/ebs-gp2/ami-id,FAIL",
            "/aws/service/debian/release/12/latest/amd64,PASS",
            "/aws/service/debian/release/10/latest/amd64,FAIL",
            "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base,FAIL",
            "amzn2-ami-hvm-2.0.*-x86_64-gp2,FAIL",
            "al2023-ami-2023.*-kernel-6.1-x86_64,PASS",
            "RHEL-9.4.0_HVM-*,PASS",
            "RHEL-8.8.0_HVM-*,FAIL",
            "my-golden-image-*,UNKNOWN",
    })
    void gd012ImageNames(String name, Verdict verdict) {
        assertThat(SupportedOperatingSystemRule.classify("instance Host", name, "image " + name).verdict())
                .isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
            "'{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}',m7g.large,PASS",
            "'{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64}}',a1.large,FAIL",
            "ami-0123456789abcdef0,m6i.large,UNKNOWN",
            "ami-0123456789abcdef0,a1.xlarge,FAIL",
            "resolve:ssm:/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2,t3.small,FAIL",
    })
    void gd012ImageAndInstanceType(String image, String type, Verdict verdict) {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Host", "AWS::EC2::Instance", "ImageId", image, "InstanceType", type);
        assertThat(only(new SupportedOperatingSystemRule(), m).verdict()).isEqualTo(verdict);
    }

    @Test
    void gd012SsmParameterTypeNamesTheParameter() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Host", "AWS::EC2::Instance", "ImageId", m.unknown(new UnknownOrigin.SsmParameter(
                "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2", "LatestAmiId", null, false)));
        RuleResult r = only(new SupportedOperatingSystemRule(), m);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("4.14");
    }

    @Test
    void gd012TerraformDataSourceReadAtPlanTime() {
        WorkloadTestModel m = WorkloadTestModel.terraform();
        m.data("data.aws_ssm_parameter.al2", "aws_ssm_parameter",
                "name", "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2", "value", "ami-0aaa");
        m.add("aws_instance.a", "aws_instance", "ami", "ami-0aaa", "instance_type", "t3.small");
        assertThat(only(new SupportedOperatingSystemRule(), m).verdict()).isEqualTo(Verdict.FAIL);
    }

    // ---- GD014 ----

    @ParameterizedTest(name = "metadata tags {0} -> {1}")
    @CsvSource({"enabled,PASS", "disabled,FAIL", "<absent>,FAIL"})
    void gd014ExclusionNeedsMetadataTags(String setting, Verdict verdict) {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        Object md = setting.equals("<absent>") ? map("HttpTokens", "required") : map("InstanceMetadataTags", setting);
        m.add("Host", "AWS::EC2::Instance", "MetadataOptions", md,
                "Tags", list(map("Key", "GuardDutyManaged", "Value", "false")));
        RuleResult r = only(new ExclusionTagReadableRule(), m);
        assertThat(r.verdict()).isEqualTo(verdict);
        if (verdict == Verdict.FAIL) {
            assertThat(r.severity()).isEqualTo(Severity.WARNING);
        }
    }

    @Test
    void gd014WithoutExclusionIsNotApplicable() {
        WorkloadTestModel m = instanceWithTags(list(map("Key", "GuardDutyManaged", "Value", "true")));
        m.add("Untagged", "AWS::EC2::Instance", "ImageId", "ami-1");
        assertThat(run(new ExclusionTagReadableRule(), m)).extracting(RuleResult::verdict)
                .containsExactly(Verdict.NOT_APPLICABLE, Verdict.NOT_APPLICABLE);
    }
}
