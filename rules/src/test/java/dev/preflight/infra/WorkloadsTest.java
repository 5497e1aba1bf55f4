package dev.preflight.infra;

import dev.preflight.model.ResourceKey;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.preflight.infra.WorkloadTestModel.list;
import static dev.preflight.infra.WorkloadTestModel.map;
import static org.assertj.core.api.Assertions.assertThat;

class WorkloadsTest {

    private static List<String> texts(List<Value> values) {
        return values.stream().map(Value::display).toList();
    }

    private static Workload only(Workloads ws) {
        assertThat(ws.all()).hasSize(1);
        return ws.all().get(0);
    }

    @Test
    void autoScalingGroupWithLaunchTemplateIsOneWorkloadWithTheTemplateMergedIn() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("AppLt", "AWS::EC2::LaunchTemplate",
                "LaunchTemplateData", map(
                        "ImageId", "ami-0abc",
                        "InstanceType", "m6i.large",
                        "SecurityGroupIds", list(m.ref("AppSg", "GroupId", null)),
                        "IamInstanceProfile", map("Arn", m.ref("AppProfile", "Arn", null)),
                        "MetadataOptions", map("HttpTokens", "required", "HttpEndpoint", "enabled"),
                        "TagSpecifications", list(
                                map("ResourceType", "volume", "Tags", list(map("Key", "GuardDutyManaged", "Value", "true"))),
                                map("ResourceType", "instance", "Tags", list(
                                        map("Key", "GuardDutyManaged", "Value", "false"),
                                        map("Key", "Team", "Value", "payments"))))),
                "TagSpecifications", list(map("ResourceType", "launch-template",
                        "Tags", list(map("Key", "Owner", "Value", "platform")))));
        m.add("AppAsg", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateId", m.ref("AppLt", null, null),
                        "Version", m.ref("AppLt", "LatestVersionNumber", null)),
                "MinSize", "1", "MaxSize", "4", "DesiredCapacity", "2",
                "VPCZoneIdentifier", list("subnet-a", "subnet-b"),
                "Tags", list(
                        map("Key", "GuardDutyManaged", "Value", "true", "PropagateAtLaunch", "true"),
                        map("Key", "CostCenter", "Value", "42", "PropagateAtLaunch", false),
                        map("Key", "Name", "Value", "app", "PropagateAtLaunch", true)));
        Workloads ws = m.workloads();
        Workload w = only(ws);
        assertThat(w.id()).isEqualTo("AppAsg");
        assertThat(w.kind()).isEqualTo(Workload.Kind.AUTO_SCALING_GROUP);
        assertThat(w.launchTemplate().id()).isEqualTo("AppLt");
        assertThat(ws.isLaunchTemplateInUse(new ResourceKey("template.yaml", "AppLt"))).isTrue();
        assertThat(w.desiredCapacity().integer()).contains(2L);
        assertThat(texts(w.securityGroups())).containsExactly("AppSg.GroupId");
        assertThat(texts(w.subnets())).containsExactly("subnet-a", "subnet-b");
        assertThat(w.imageId().display()).isEqualTo("ami-0abc");
        assertThat(w.instanceType().display()).isEqualTo("m6i.large");
        assertThat(w.httpEndpoint().display()).isEqualTo("enabled");
        assertThat(w.instanceMetadataTags()).isNull();
        assertThat(w.instanceProfile().display()).isEqualTo("AppProfile.Arn");
        // Volume and launch-template tags do not reach instances; PropagateAtLaunch false stays on the group.
        assertThat(w.tags()).extracting(LaunchTag::key)
                .containsExactly("GuardDutyManaged", "Team", "GuardDutyManaged", "Name");
        // The group's value wins over the template's for the same key.
        LaunchTag gd = w.tag("GuardDutyManaged").orElseThrow();
        assertThat(gd.value().display()).isEqualTo("true");
        assertThat(gd.carrier().id()).isEqualTo("AppAsg");
        assertThat(gd.source()).isEqualTo(LaunchTag.Source.AUTO_SCALING_GROUP_PROPAGATED);
        assertThat(w.tag("Team").orElseThrow().carrier().id()).isEqualTo("AppLt");
        assertThat(ws.origin(w.httpEndpoint()).orElseThrow().id()).isEqualTo("AppLt");
        assertThat(ws.origin(w.subnets().get(0)).orElseThrow().id()).isEqualTo("AppAsg");
    }

    @Test
    void unusedLaunchTemplateIsNoWorkloadAndInstanceOverridesItsTemplate() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Unused", "AWS::EC2::LaunchTemplate", "LaunchTemplateData", map("ImageId", "ami-1"));
        m.add("BaseLt", "AWS::EC2::LaunchTemplate",
                "LaunchTemplateName", "base-template",
                "LaunchTemplateData", map(
                        "ImageId", "ami-2",
                        "MetadataOptions", map("HttpEndpoint", "disabled", "InstanceMetadataTags", "enabled"),
                        "NetworkInterfaces", list(map("DeviceIndex", "0", "Groups", list("sg-lt"), "SubnetId", "subnet-lt")),
                        "TagSpecifications", list(map("ResourceType", "instance",
                                "Tags", list(map("Key", "GuardDutyManaged", "Value", "false"))))));
        m.add("Web", "AWS::EC2::Instance",
                "LaunchTemplate", map("LaunchTemplateName", "base-template", "Version", "1"),
                "MetadataOptions", map("HttpEndpoint", "enabled"),
                "Tags", list(map("Key", "GuardDutyExclusionReason", "Value", "batch host")));
        Workloads ws = m.workloads();
        Workload w = only(ws);
        assertThat(w.id()).isEqualTo("Web");
        assertThat(w.launchTemplate().id()).isEqualTo("BaseLt");
        assertThat(ws.isLaunchTemplateInUse(new ResourceKey("template.yaml", "Unused"))).isFalse();
        assertThat(w.httpEndpoint().display()).isEqualTo("enabled");
        assertThat(ws.origin(w.httpEndpoint()).orElseThrow().id()).isEqualTo("Web");
        assertThat(w.instanceMetadataTags().display()).isEqualTo("enabled");
        assertThat(w.imageId().display()).isEqualTo("ami-2");
        assertThat(texts(w.securityGroups())).containsExactly("sg-lt");
        assertThat(texts(w.subnets())).containsExactly("subnet-lt");
        assertThat(w.tag("GuardDutyManaged").orElseThrow().carrier().id()).isEqualTo("BaseLt");
        assertThat(w.tag("GuardDutyExclusionReason").orElseThrow().carrier().id()).isEqualTo("Web");
    }

    @Test
    void launchConfigurationAndMixedInstancesPolicyAreFollowed() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Lc", "AWS::AutoScaling::LaunchConfiguration", "ImageId", "ami-lc", "SecurityGroups", list("sg-lc"),
                "IamInstanceProfile", "app-profile");
        m.add("LcGroup", "AWS::AutoScaling::AutoScalingGroup", "LaunchConfigurationName", m.ref("Lc", null, null),
                "MinSize", "3", "MaxSize", "3", "VPCZoneIdentifier", "subnet-1,subnet-2");
        m.add("MixedLt", "AWS::EC2::LaunchTemplate", "LaunchTemplateData", map("ImageId", "ami-mixed"));
        m.add("MixedGroup", "AWS::AutoScaling::AutoScalingGroup",
                "MixedInstancesPolicy", map("LaunchTemplate", map("LaunchTemplateSpecification",
                        map("LaunchTemplateId", m.ref("MixedLt", null, null), "Version", "$Latest"))),
                "MinSize", "0", "MaxSize", "2",
                "VPCZoneIdentifier", m.unknown(new UnknownOrigin.ParameterWithoutValue("PrivateSubnets", false)));
        Workloads ws = m.workloads();
        assertThat(ws.all()).extracting(Workload::id).containsExactly("LcGroup", "MixedGroup");
        Workload lc = ws.all().get(0);
        assertThat(lc.launchTemplate().id()).isEqualTo("Lc");
        assertThat(lc.desiredCapacity().integer()).contains(3L);
        assertThat(texts(lc.securityGroups())).containsExactly("sg-lc");
        assertThat(texts(lc.subnets())).containsExactly("subnet-1", "subnet-2");
        assertThat(lc.instanceProfile().display()).isEqualTo("app-profile");
        assertThat(lc.instanceMetadataTags()).isNull();
        Workload mixed = ws.all().get(1);
        assertThat(mixed.imageId().display()).isEqualTo("ami-mixed");
        assertThat(mixed.subnets()).singleElement().isInstanceOf(Value.Unknown.class);
    }

    @Test
    void launchTemplateOutsideTheInputsMakesItsValuesUnknown() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Asg", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateId", "lt-0123456789", "Version", "3"),
                "VPCZoneIdentifier", list("subnet-1"),
                "Tags", list(map("Key", "GuardDutyManaged", "Value", "false", "PropagateAtLaunch", true)));
        Workload w = only(m.workloads());
        assertThat(w.launchTemplate()).isNull();
        assertThat(w.httpEndpoint()).isInstanceOfSatisfying(Value.Unknown.class, u -> {
            assertThat(u.reason()).isEqualTo(UnknownReason.OUTSIDE_INPUTS);
            assertThat(u.describe()).contains("lt-0123456789").contains("Asg");
        });
        assertThat(w.securityGroups()).singleElement().isInstanceOf(Value.Unknown.class);
        assertThat(texts(w.subnets())).containsExactly("subnet-1");
        assertThat(w.hasUnknownTagKeys()).isTrue();
        assertThat(w.tag("GuardDutyManaged").orElseThrow().value().display()).isEqualTo("false");
    }

    @Test
    void conditionalTagsAndPropagationBecomeConditionalValues() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Lt", "AWS::EC2::LaunchTemplate", "LaunchTemplateData", map(
                "TagSpecifications", list(map("ResourceType", "instance", "Tags", list(
                        map("Key", "GuardDutyManaged", "Value", "true"))))));
        m.add("Asg", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateId", m.ref("Lt", null, null), "Version", "1"),
                "Tags", m.cond("IsBatch",
                        list(map("Key", "GuardDutyManaged", "Value", "false", "PropagateAtLaunch", "true")),
                        m.absent()));
        Workload w = only(m.workloads());
        Value v = w.tag("GuardDutyManaged").orElseThrow().value();
        assertThat(v.branches()).extracting(b -> b.value().display() + " " + b.describeConditions())
                .containsExactly("false when IsBatch is true", "true when IsBatch is false");
    }

    @Test
    void eksNodeGroupWithoutLaunchTemplateUsesTheClusterSecurityGroupCreatedAtDeploy() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        m.add("Nodes", "AWS::EKS::Nodegroup", "ClusterName", "prod", "NodeRole", m.ref("NodeRole", "Arn", null),
                "Subnets", list("subnet-1"), "AmiType", "AL2023_x86_64_STANDARD",
                "ScalingConfig", map("DesiredSize", 3, "MinSize", 1, "MaxSize", 5),
                "Tags", map("GuardDutyManaged", "false"));
        Workload w = only(m.workloads());
        assertThat(w.kind()).isEqualTo(Workload.Kind.EKS_NODE_GROUP);
        assertThat(w.securityGroups()).singleElement().isInstanceOf(Value.Unknown.class);
        assertThat(w.tags()).isEmpty();
        assertThat(w.desiredCapacity().integer()).contains(3L);
        assertThat(w.amiType().display()).isEqualTo("AL2023_x86_64_STANDARD");
        assertThat(w.instanceRole().display()).isEqualTo("NodeRole.Arn");
    }

    @Test
    void terraformGroupTemplateAndInstance() {
        WorkloadTestModel m = WorkloadTestModel.terraform();
        m.add("aws_launch_template.app", "aws_launch_template",
                "name", "app", "image_id", "ami-1", "instance_type", "t3.small",
                "vpc_security_group_ids", list("sg-1"),
                "metadata_options", list(map("http_endpoint", "disabled", "instance_metadata_tags",
                        m.absent())),
                "iam_instance_profile", list(map("name", m.ref("aws_iam_instance_profile.app", "name", "app-profile"),
                        "arn", m.absent())),
                "tags", map("GuardDutyManaged", "true"),
                "tag_specifications", list(map("resource_type", "instance", "tags", map("GuardDutyManaged", "false"))));
        m.add("module.app.aws_autoscaling_group.this[0]", "aws_autoscaling_group",
                "launch_template", list(map("id", m.ref("aws_launch_template.app", "id", null),
                        "name", m.absent(), "version", "$Latest")),
                "desired_capacity", m.absent(), "min_size", 2,
                "vpc_zone_identifier", list(m.ref("aws_subnet.a", "id", null)),
                "tag", list(map("key", "GuardDutyExclusionReason", "value", "load test", "propagate_at_launch", true),
                        map("key", "Name", "value", "x", "propagate_at_launch", false)));
        m.add("aws_instance.bastion", "aws_instance",
                "ami", "ami-2", "instance_type", "t3.micro", "subnet_id", m.ref("aws_subnet.a", "id", null),
                "vpc_security_group_ids", m.absent(),
                "metadata_options", list(map("http_endpoint", "enabled")),
                "tags", map("Name", "bastion"),
                "tags_all", map("Name", "bastion", "Environment", "prod"));
        Workloads ws = m.workloads();
        assertThat(ws.all()).extracting(Workload::id)
                .containsExactly("module.app.aws_autoscaling_group.this[0]", "aws_instance.bastion");
        Workload g = ws.all().get(0);
        assertThat(g.launchTemplate().id()).isEqualTo("aws_launch_template.app");
        assertThat(g.desiredCapacity().integer()).contains(2L);
        assertThat(g.httpEndpoint().display()).isEqualTo("disabled");
        assertThat(g.instanceMetadataTags()).isNull();
        assertThat(g.instanceProfile().display()).isEqualTo("app-profile");
        assertThat(g.tags()).extracting(LaunchTag::key).containsExactly("GuardDutyManaged", "GuardDutyExclusionReason");
        assertThat(g.tag("GuardDutyManaged").orElseThrow().value().display()).isEqualTo("false");
        Workload i = ws.all().get(1);
        assertThat(i.securityGroups()).isEmpty();
        assertThat(i.subnets()).hasSize(1);
        assertThat(i.tags()).extracting(t -> t.key() + ":" + t.source())
                .containsExactly("Name:INSTANCE_TAGS", "Environment:PROVIDER_DEFAULT_TAGS");
    }

    @Test
    void launchTemplateNamedWithTheSameSubOnBothSidesIsFound() {
        WorkloadTestModel m = WorkloadTestModel.cloudFormation();
        dev.preflight.model.SourceLocation at = new dev.preflight.model.SourceLocation("template.yaml", 90, 1);
        java.util.function.Supplier<Value> name = () -> new Value.Template(List.of(
                new Value.Unknown(new UnknownOrigin.PseudoParameter("AWS::StackName", "give --region or --account"), at), new Value.Text("-app", at)), at);
        m.add("Lt", "AWS::EC2::LaunchTemplate", "LaunchTemplateName", name.get(),
                "LaunchTemplateData", map("ImageId", "ami-1"));
        m.add("Asg", "AWS::AutoScaling::AutoScalingGroup",
                "LaunchTemplate", map("LaunchTemplateName", name.get(), "Version", "1"));
        Workload w = only(m.workloads());
        assertThat(w.launchTemplate()).isNotNull();
        assertThat(w.imageId().display()).isEqualTo("ami-1");
    }

    @Test
    void terraformTemplateNamedOnlyInAnUnknownDetailIsFollowed() {
        WorkloadTestModel m = WorkloadTestModel.terraform();
        m.add("module.asg.aws_launch_template.this[0]", "aws_launch_template", "image_id", "ami-9");
        m.add("module.asg.aws_autoscaling_group.this[0]", "aws_autoscaling_group",
                "launch_template", list(map("id", m.unknown(new UnknownOrigin.KnownAfterApply(
                        "module.asg.aws_autoscaling_group.this[0]", "launch_template[0].id",
                        UnknownOrigin.KnownAfterApply.Relation.COMPUTED_FROM,
                        List.of(new UnknownOrigin.Address("module.asg.aws_launch_template.this[0]", "id")))))));
        m.add("aws_autoscaling_group.ambiguous", "aws_autoscaling_group",
                "launch_template", list(map("id", m.unknown(new UnknownOrigin.KnownAfterApply(
                        "aws_autoscaling_group.ambiguous", "launch_template[0].id",
                        UnknownOrigin.KnownAfterApply.Relation.ONE_OF,
                        List.of(new UnknownOrigin.Address("module.asg.aws_launch_template.this[0]", "id"),
                                new UnknownOrigin.Address("aws_launch_template.other", "id")))))));
        m.add("aws_launch_template.other", "aws_launch_template", "image_id", "ami-8");
        Workloads ws = m.workloads();
        assertThat(ws.all().get(0).imageId().display()).isEqualTo("ami-9");
        assertThat(ws.all().get(1).launchTemplate()).isNull();
        assertThat(ws.all().get(1).imageId()).isInstanceOf(Value.Unknown.class);
    }
}
