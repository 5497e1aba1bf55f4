package dev.preflight.rules.network;

import dev.preflight.infra.Workload;
import dev.preflight.infra.network.TestModel;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.preflight.infra.network.TestModel.map;
import static org.assertj.core.api.Assertions.assertThat;

class VpcDnsAttributesRuleTest {
    private final List<Workload> workloads = new ArrayList<>();

    private List<RuleResult> run(TestModel m) {
        return new VpcDnsAttributesRule(ctx -> workloads).evaluate(new RuleContext(m.graph(), RunSettings.defaults()));
    }

    private void instance(TestModel m, String id, Value subnet) {
        Resource r = m.add(id, "AWS::EC2::Instance", map());
        workloads.add(new Workload(r, Workload.Kind.INSTANCE, null, null, List.of(),
                subnet == null ? List.of() : List.of(subnet), List.of(), null, null, null, null, null));
    }

    private static RuleResult only(List<RuleResult> results, String subject) {
        return results.stream().filter(r -> r.subject().id().equals(subject)).findFirst().orElseThrow();
    }

    private TestModel vpc(Map<String, Object> props) {
        TestModel m = TestModel.cfn();
        m.add("Vpc", "AWS::EC2::VPC", props);
        m.add("Subnet", "AWS::EC2::Subnet", map("VpcId", m.ref("Vpc"), "CidrBlock", "10.0.1.0/24"));
        instance(m, "AppInstance", m.ref("Subnet"));
        return m;
    }

    @Test
    void cloudFormationHostnamesDefaultToFalse() {
        RuleResult r = only(run(vpc(map("CidrBlock", "10.0.0.0/16"))), "Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("EnableDnsSupport true (the default when absent)")
                .contains("EnableDnsHostnames false (the default when absent)").contains("AppInstance")
                .contains("private DNS");
    }

    @Test
    void aCustomerEndpointInTheVpcIsNamedAsTheOneThatCannotHavePrivateDns() {
        TestModel m = vpc(map("CidrBlock", "10.0.0.0/16"));
        m.add("DataEndpoint", "AWS::EC2::VPCEndpoint", map("VpcId", m.ref("Vpc"), "VpcEndpointType", "Interface",
                "ServiceName", "com.amazonaws.us-east-1.guardduty-data", "PrivateDnsEnabled", true,
                "SubnetIds", List.of(m.ref("Subnet"))));
        RuleResult r = only(run(m), "Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("the guardduty-data endpoint DataEndpoint in it cannot have private DNS")
                .contains("No Agent Reporting").doesNotContain("GuardDuty cannot create its");
        RuleResult without = only(run(vpc(map("CidrBlock", "10.0.0.0/16"))), "Vpc");
        assertThat(without.message()).contains("GuardDuty cannot create its guardduty-data endpoint");
    }

    @Test
    void bothTruePasses() {
        RuleResult r = only(run(vpc(map("EnableDnsSupport", true, "EnableDnsHostnames", "true"))), "Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.related()).hasSize(2);
    }

    @Test
    void supportFalseFails() {
        RuleResult r = only(run(vpc(map("EnableDnsSupport", false, "EnableDnsHostnames", true))), "Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("EnableDnsSupport false");
    }

    @Test
    void parameterIsUnknownWithItsName() {
        TestModel m = TestModel.cfn();
        m.add("Vpc", "AWS::EC2::VPC", map("EnableDnsHostnames", m.param("DnsHostnames")));
        m.add("Subnet", "AWS::EC2::Subnet", map("VpcId", m.ref("Vpc")));
        instance(m, "AppInstance", m.ref("Subnet"));
        RuleResult r = only(run(m), "Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("parameter DnsHostnames has no value or default");
    }

    @Test
    void conditionTakesTheWorstBranchAndNamesIt() {
        TestModel m = TestModel.cfn();
        m.add("Vpc", "AWS::EC2::VPC", map("EnableDnsHostnames", m.when("IsProd", true, false)));
        m.add("Subnet", "AWS::EC2::Subnet", map("VpcId", m.ref("Vpc")));
        instance(m, "AppInstance", m.ref("Subnet"));
        RuleResult r = only(run(m), "Vpc");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).startsWith("When IsProd is false: ");
    }

    @Test
    void vpcWithoutComputeIsNotApplicable() {
        TestModel m = TestModel.cfn();
        m.add("Vpc", "AWS::EC2::VPC", map());
        assertThat(only(run(m), "Vpc").verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }

    @Test
    void workloadInAVpcOutsideTheInputsIsUnknownAboutTheWorkload() {
        TestModel m = TestModel.cfn();
        instance(m, "AppInstance", m.param("SubnetId"));
        instance(m, "DefaultVpcInstance", null);
        List<RuleResult> results = run(m);
        assertThat(only(results, "AppInstance").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(only(results, "AppInstance").reason()).contains("parameter SubnetId");
        assertThat(only(results, "DefaultVpcInstance").reason()).contains("default VPC");
    }

    @Test
    void terraformDefaultVpcAndDataSource() {
        TestModel m = TestModel.tf();
        m.add("aws_default_vpc.default", "aws_default_vpc", map("enable_dns_hostnames", m.notConfigured("x")));
        m.add("aws_default_subnet.a", "aws_default_subnet", map("vpc_id", m.ref("aws_default_vpc.default", "id")));
        m.add("data.aws_vpc.shared", "aws_vpc", map("id", "vpc-0abc", "enable_dns_support", true), null, true);
        m.add("data.aws_vpc.other", "aws_vpc", map("id", "vpc-0def", "enable_dns_support", true,
                "enable_dns_hostnames", false), null, true);
        m.add("aws_subnet.s", "aws_subnet", map("vpc_id", "vpc-0abc"));
        m.add("aws_subnet.o", "aws_subnet", map("vpc_id", "vpc-0def"));
        instance(m, "aws_instance.a", m.ref("aws_default_subnet.a", "id"));
        instance(m, "aws_instance.b", m.ref("aws_subnet.s", "id"));
        instance(m, "aws_instance.c", m.ref("aws_subnet.o", "id"));
        List<RuleResult> results = run(m);
        assertThat(only(results, "aws_default_vpc.default").verdict()).isEqualTo(Verdict.PASS);
        RuleResult shared = only(results, "data.aws_vpc.shared");
        assertThat(shared.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(shared.reason()).contains("does not show enable_dns_hostnames");
        assertThat(only(results, "data.aws_vpc.other").verdict()).isEqualTo(Verdict.FAIL);
    }
}
