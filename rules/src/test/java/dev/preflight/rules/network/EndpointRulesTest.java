package dev.preflight.rules.network;

import dev.preflight.infra.Workload;
import dev.preflight.infra.network.TestModel;
import dev.preflight.model.Resource;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import dev.preflight.rule.Rule;
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

/** GD002, GD003 and GD005 on models built the way the loaders build them. */
class EndpointRulesTest {
    private final TestModel m = TestModel.cfn();
    private final List<Workload> workloads = new ArrayList<>();

    EndpointRulesTest() {
        m.add("Vpc", "AWS::EC2::VPC", map("CidrBlock", "10.0.0.0/16", "EnableDnsHostnames", true));
        m.add("Subnet", "AWS::EC2::Subnet", map("VpcId", m.ref("Vpc"), "CidrBlock", "10.0.1.0/24"));
        m.add("AppSg", "AWS::EC2::SecurityGroup", map("VpcId", m.ref("Vpc"), "GroupDescription", "app"));
    }

    private void app() {
        Resource r = m.add("App", "AWS::EC2::Instance", map());
        workloads.add(new Workload(r, Workload.Kind.INSTANCE, null, null, List.of(m.ref("AppSg")),
                List.of(m.ref("Subnet")), List.of(), null, null, null, null, null));
    }

    private Resource endpoint(String id, Map<String, Object> props, String condition) {
        Map<String, Object> p = map("VpcId", m.ref("Vpc"));
        p.putAll(props);
        return m.add(id, "AWS::EC2::VPCEndpoint", p, condition, false);
    }

    private RuleResult run(Rule rule, String subject) {
        List<RuleResult> results = rule.evaluate(new RuleContext(m.graph(), RunSettings.defaults()));
        return results.stream().filter(r -> r.subject().id().equals(subject)).findFirst().orElse(null);
    }

    private Value sub(String suffix) {
        return new Value.Template(List.of(m.v("com.amazonaws."), m.unknown(new UnknownOrigin.PseudoParameter("AWS::Region", "give --region or --account")), m.v(suffix)), null);
    }

    @Test
    void endpointWithoutSecurityGroupsUsesTheVpcDefaultGroup() {
        app();
        endpoint("Endpoint", map("ServiceName", sub(".guardduty-data"), "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true, "SubnetIds", List.of(m.ref("Subnet"))), null);
        RuleResult r = run(new DataEndpointAdmitsWorkloadRule(c -> workloads), "App");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("the default security group of Vpc").contains("its own members")
                .contains("App uses AppSg");
    }

    @Test
    void controlPlaneEndpointIsNotTheDataEndpoint() {
        app();
        endpoint("Api", map("ServiceName", sub(".guardduty"), "VpcEndpointType", "Interface"), null);
        assertThat(run(new DataEndpointAdmitsWorkloadRule(c -> workloads), "App").verdict()).isEqualTo(Verdict.PASS);
        assertThat(run(new DataEndpointPrivateDnsRule(), "Api")).isNull();
    }

    @Test
    void endpointUnderAConditionIsCheckedInTheBranchWhereItExists() {
        app();
        m.add("EndpointSg", "AWS::EC2::SecurityGroup", map("VpcId", m.ref("Vpc"), "SecurityGroupIngress",
                List.of(map("IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp", "192.168.0.0/16"))));
        endpoint("Endpoint", map("ServiceName", "com.amazonaws.eu-west-1.guardduty-data-fips", "VpcEndpointType",
                "Interface", "PrivateDnsEnabled", true, "SubnetIds", List.of(m.ref("Subnet")), "SecurityGroupIds",
                List.of(m.ref("EndpointSg"))), "CreateEndpoint");
        RuleResult r = run(new DataEndpointAdmitsWorkloadRule(c -> workloads), "App");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).startsWith("When CreateEndpoint is true: ").contains("only from 192.168.0.0/16");
    }

    @Test
    void egressToTheEndpointGroupOrToItsSubnet() {
        m.add("EndpointSg", "AWS::EC2::SecurityGroup", map("VpcId", m.ref("Vpc")));
        m.add("LockedSg", "AWS::EC2::SecurityGroup", map("VpcId", m.ref("Vpc"), "SecurityGroupEgress", List.of(
                map("IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp", "10.0.9.0/24"))));
        Resource r = m.add("App", "AWS::EC2::Instance", map());
        workloads.add(new Workload(r, Workload.Kind.INSTANCE, null, null, List.of(m.ref("LockedSg")),
                List.of(m.ref("Subnet")), List.of(), null, null, null, null, null));
        m.add("EndpointSubnet", "AWS::EC2::Subnet", map("VpcId", m.ref("Vpc"), "CidrBlock", "10.0.9.0/24"));
        endpoint("Endpoint", map("ServiceName", sub(".guardduty-data"), "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true, "SubnetIds", List.of(m.ref("EndpointSubnet")), "SecurityGroupIds",
                List.of(m.ref("EndpointSg"))), null);
        RuleResult pass = run(new WorkloadEgressToEndpointRule(c -> workloads), "App");
        assertThat(pass.verdict()).as(pass.message()).isEqualTo(Verdict.PASS);
    }

    @Test
    void egressWithoutAnEndpointMustCoverTheWholeVpc() {
        m.add("LockedSg", "AWS::EC2::SecurityGroup", map("VpcId", m.ref("Vpc"), "SecurityGroupEgress", List.of(
                map("IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp", "10.0.9.0/24"))));
        Resource r = m.add("App", "AWS::EC2::Instance", map());
        workloads.add(new Workload(r, Workload.Kind.INSTANCE, null, null, List.of(m.ref("LockedSg")),
                List.of(m.ref("Subnet")), List.of(), null, null, null, null, null));
        RuleResult fail = run(new WorkloadEgressToEndpointRule(c -> workloads), "App");
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fail.message()).contains("LockedSg allows TCP 443 only to 10.0.9.0/24").contains("10.0.0.0/16");
    }

    @Test
    void privateDnsAndTypeDefaults() {
        endpoint("Gateway", map("ServiceName", sub(".guardduty-data")), null);
        endpoint("NoDns", map("ServiceName", sub(".guardduty-data"), "VpcEndpointType", "Interface"), null);
        endpoint("Unknown", map("ServiceName", new Value.Template(List.of(m.v("com.amazonaws."),
                m.param("Service")), null), "VpcEndpointType", "Interface", "PrivateDnsEnabled", true), null);
        endpoint("Good", map("ServiceName", sub(".guardduty-data"), "VpcEndpointType", "interface",
                "PrivateDnsEnabled", "true"), null);
        Rule rule = new DataEndpointPrivateDnsRule();
        assertThat(run(rule, "Gateway").message()).contains("VpcEndpointType absent (Gateway, the default)")
                .contains("PrivateDnsEnabled absent (false, the default)");
        assertThat(run(rule, "NoDns").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(run(rule, "Unknown").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(run(rule, "Good").verdict()).isEqualTo(Verdict.PASS);
    }
}
