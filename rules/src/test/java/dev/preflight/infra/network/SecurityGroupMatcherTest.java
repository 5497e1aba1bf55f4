package dev.preflight.infra.network;

import dev.preflight.rule.Scenario;
import dev.preflight.infra.Workload;
import dev.preflight.infra.network.SecurityGroupRule.Direction;
import dev.preflight.model.Resource;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.preflight.infra.network.TestModel.map;
import static org.assertj.core.api.Assertions.assertThat;

class SecurityGroupMatcherTest {

    /** A CloudFormation VPC 10.0.0.0/16 with subnet 10.0.1.0/24, AppSg, BastionSg and an instance. */
    static final class Cfn {
        final TestModel m = TestModel.cfn();
        Resource instance;

        Cfn() {
            m.add("Vpc", "AWS::EC2::VPC", map("CidrBlock", "10.0.0.0/16"));
            m.add("AppSubnet", "AWS::EC2::Subnet", map("VpcId", m.ref("Vpc"), "CidrBlock", "10.0.1.0/24"));
            m.add("AppSg", "AWS::EC2::SecurityGroup", map("VpcId", m.ref("Vpc"), "GroupDescription", "app"));
            m.add("BastionSg", "AWS::EC2::SecurityGroup", map("VpcId", m.ref("Vpc"), "GroupDescription", "b"));
        }

        Workload workload(List<Value> groups, List<Value> subnets) {
            instance = m.add("AppInstance", "AWS::EC2::Instance", map());
            return new Workload(instance, Workload.Kind.INSTANCE, null, null, groups, subnets, List.of(), null, null,
                    null, null, null);
        }

        Workload app() {
            return workload(List.of(m.ref("AppSg")), List.of(m.ref("AppSubnet")));
        }

        Decision ingress(Object sgProps, Workload w) {
            return ingress(sgProps, w, Scenario.allTrue());
        }

        Decision ingress(Object sgProps, Workload w, Scenario s) {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) sgProps;
            m.add("EndpointSg", "AWS::EC2::SecurityGroup", props);
            return decide(w, Direction.INGRESS, "EndpointSg", s);
        }

        Decision decide(Workload w, Direction d, String groupId, Scenario s) {
            NetworkView net = NetworkView.of(m.graph());
            VpcRef vpc = net.vpcOf(w, s);
            GroupRef g = net.groupRef(m.ref(groupId), s);
            RuleSet rules = new SecurityGroupRules(net).of(List.of(g), d, s);
            return new SecurityGroupMatcher(net).admits(rules, net.partyOf(w, vpc, s), 443, s);
        }
    }

    static Map<String, Object> rule(Object proto, Object from, Object to, String key, Object peer) {
        Map<String, Object> r = map("IpProtocol", proto);
        if (from != null) {
            r.put("FromPort", from);
        }
        if (to != null) {
            r.put("ToPort", to);
        }
        r.put(key, peer);
        return r;
    }

    @ParameterizedTest(name = "{0} {1}-{2} from {3}: {4}")
    @CsvSource(delimiter = '|', value = {
            "tcp|443|70000|10.0.0.0/16|outside 0-65535",
            "tcp|-1|-1|10.0.0.0/16|is -1 (all ports)",
            "udp|500|400|10.0.0.0/16|runs backwards",
            "tcp|443|443|10.0.*.*|wildcard or range",
            "tcp|443|443|10.0.0.0/33|longer than 32 bits"})
    void valuesAwsRejectsAreNamedNotMatched(String proto, long from, long to, String cidr, String why) {
        Cfn c = new Cfn();
        c.m.add("EndpointSg", "AWS::EC2::SecurityGroup", map("SecurityGroupIngress",
                List.of(rule(proto, from, to, "CidrIp", cidr))));
        NetworkView net = NetworkView.of(c.m.graph());
        Scenario s = Scenario.allTrue();
        RuleSet rules = new SecurityGroupRules(net).of(List.of(net.groupRef(c.m.ref("EndpointSg"), s)),
                Direction.INGRESS, s);
        assertThat(SecurityGroupMatcher.invalidValue(rules, s)).hasValueSatisfying(p -> assertThat(p).contains(why));
    }

    @Test
    void validRulesHaveNoInvalidValue() {
        Cfn c = new Cfn();
        c.m.add("EndpointSg", "AWS::EC2::SecurityGroup", map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "CidrIp", "10.0.0.0/16"), rule("-1", -1, -1, "CidrIp", "0.0.0.0/0"),
                rule("icmp", -1, -1, "CidrIp", "10.0.0.0/8"))));
        NetworkView net = NetworkView.of(c.m.graph());
        Scenario s = Scenario.allTrue();
        RuleSet rules = new SecurityGroupRules(net).of(List.of(net.groupRef(c.m.ref("EndpointSg"), s)),
                Direction.INGRESS, s);
        assertThat(SecurityGroupMatcher.invalidValue(rules, s)).isEmpty();
    }

    @Test
    void sourceGroupListWithoutTheWorkloadsGroupDoesNotAdmitIt() {
        Cfn c = new Cfn();
        Workload w = c.app();
        Decision d = c.ingress(map("VpcId", c.m.ref("Vpc"), "SecurityGroupIngress",
                List.of(rule("tcp", 443, 443, "SourceSecurityGroupId", c.m.ref("BastionSg")))), w);
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO);
        assertThat(d.explanation()).isEqualTo("EndpointSg admits TCP 443 only from BastionSg");
    }

    @Test
    void sourceGroupOfTheWorkloadAdmitsIt() {
        Cfn c = new Cfn();
        Workload w = c.app();
        Decision d = c.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "SourceSecurityGroupId", c.m.ref("BastionSg")),
                rule("tcp", 443, 443, "SourceSecurityGroupId", c.m.ref("AppSg", "GroupId")))), w);
        assertThat(d.yes()).isTrue();
        assertThat(d.explanation()).contains("from AppSg");
    }

    @ParameterizedTest(name = "{0} {1}-{2} from {3}: {4}")
    @CsvSource({
            "tcp, 443, 443, 10.0.0.0/16, YES",
            "TCP, 443, 443, 10.0.5.1/16, YES",
            "6, 400, 500, 10.0.1.0/24, YES",
            "-1, , , 10.0.0.0/8, YES",
            "all, , , 0.0.0.0/0, YES",
            "-1, -1, -1, 10.0.1.0/24, YES",
            "tcp, 444, 500, 10.0.0.0/16, NO",
            "udp, 443, 443, 10.0.0.0/16, NO",
            "17, 0, 65535, 10.0.0.0/16, NO",
            "tcp, 443, 443, 10.0.1.128/25, NO",
            "tcp, 443, 443, 192.168.0.0/16, NO",
            "tcp, 0, 65535, 10.0.1.7/24, YES",
    })
    void protocolPortAndCidrForms(String proto, Integer from, Integer to, String cidr, Decision.Outcome expected) {
        Cfn c = new Cfn();
        Workload w = c.app();
        Object p = proto.matches("-?\\d+") ? (Object) Integer.valueOf(proto) : proto;
        Decision d = c.ingress(map("SecurityGroupIngress", List.of(rule(p, from, to, "CidrIp", cidr))), w);
        assertThat(d.outcome()).as(d.explanation()).isEqualTo(expected);
    }

    @Test
    void unionOfRulesCoversASubnetOfUnknownCidrInAKnownVpc() {
        Cfn c = new Cfn();
        c.m.add("OtherSubnet", "AWS::EC2::Subnet", map("VpcId", c.m.ref("Vpc"), "CidrBlock",
                c.m.param("SubnetCidr")));
        Workload w = c.workload(List.of(c.m.ref("AppSg")), List.of(c.m.ref("OtherSubnet")));
        Decision both = c.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "CidrIp", "10.0.0.0/17"),
                rule("tcp", 400, 500, "CidrIp", "10.0.128.0/17"))), w);
        assertThat(both.yes()).as(both.explanation()).isTrue();
    }

    @Test
    void halfOfTheVpcForASubnetOfUnknownCidrIsUnknown() {
        Cfn c = new Cfn();
        c.m.add("OtherSubnet", "AWS::EC2::Subnet", map("VpcId", c.m.ref("Vpc"), "CidrBlock",
                c.m.param("SubnetCidr")));
        Workload w = c.workload(List.of(c.m.ref("AppSg")), List.of(c.m.ref("OtherSubnet")));
        Decision d = c.ingress(map("SecurityGroupIngress", List.of(rule("tcp", 443, 443, "CidrIp", "10.0.0.0/17"))), w);
        assertThat(d.unknown()).isTrue();
        assertThat(d.explanation()).contains("parameter SubnetCidr has no value or default");
    }

    @Test
    void ipv6RuleAdmitsAnIpv6OnlySubnet() {
        Cfn c = new Cfn();
        c.m.add("V6Subnet", "AWS::EC2::Subnet", map("VpcId", c.m.ref("Vpc"), "Ipv6CidrBlock", "2001:db8:0:1::/64"));
        Workload w = c.workload(List.of(c.m.ref("AppSg")), List.of(c.m.ref("V6Subnet")));
        Decision d = c.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "CidrIpv6", "2001:db8::1/56"))), w);
        assertThat(d.yes()).as(d.explanation()).isTrue();
    }

    @Test
    void unknownCidrIsUnknownNamingTheParameter() {
        Cfn c = new Cfn();
        Workload w = c.app();
        Decision d = c.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "CidrIp", c.m.param("AllowedCidr")))), w);
        assertThat(d.unknown()).isTrue();
        assertThat(d.explanation()).contains("parameter AllowedCidr has no value or default");
    }

    @Test
    void unknownPortIsUnknown() {
        Cfn c = new Cfn();
        Workload w = c.app();
        Decision d = c.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", c.m.param("Port"), c.m.param("Port"), "CidrIp", "10.0.0.0/16"))), w);
        assertThat(d.unknown()).isTrue();
        assertThat(d.explanation()).contains("parameter Port");
    }

    @Test
    void standaloneIngressWithGetAttGroupIdCounts() {
        Cfn c = new Cfn();
        Workload w = c.app();
        c.m.add("EndpointIngress", "AWS::EC2::SecurityGroupIngress", map("GroupId", c.m.ref("EndpointSg", "GroupId"),
                "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "SourceSecurityGroupId", c.m.ref("AppSg")));
        Decision d = c.ingress(map("VpcId", c.m.ref("Vpc")), w);
        assertThat(d.yes()).as(d.explanation()).isTrue();
    }

    @Test
    void standaloneIngressOnAnUnknownGroupMakesANoUnknown() {
        Cfn c = new Cfn();
        Workload w = c.app();
        c.m.add("SharedIngress", "AWS::EC2::SecurityGroupIngress", map("GroupId", c.m.unknown(new UnknownOrigin.Import("shared-endpoint-sg", null)),
                "IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp", "10.0.0.0/16"));
        Decision d = c.ingress(map("VpcId", c.m.ref("Vpc")), w);
        assertThat(d.unknown()).isTrue();
        assertThat(d.explanation()).contains("SharedIngress").contains("shared-endpoint-sg");
    }

    @Test
    void conditionalRuleIsExploredPerBranch() {
        Cfn c = new Cfn();
        Workload w = c.app();
        c.m.add("EndpointSg", "AWS::EC2::SecurityGroup", map("SecurityGroupIngress", List.of(
                c.m.when("OpenEndpoint", rule("tcp", 443, 443, "CidrIp", "10.0.0.0/16"), c.m.noValue()))));
        List<Scenario.Run<Decision.Outcome>> runs = Scenario.explore(
                s -> c.decide(w, Direction.INGRESS, "EndpointSg", s).outcome());
        assertThat(runs).extracting(Scenario.Run::result)
                .containsExactlyInAnyOrder(Decision.Outcome.YES, Decision.Outcome.NO);
    }

    @Test
    void cloudFormationGroupWithoutInlineEgressAllowsAll() {
        Cfn c = new Cfn();
        Workload w = c.app();
        c.m.add("EndpointSg", "AWS::EC2::SecurityGroup", map());
        Decision d = c.decide(w, Direction.EGRESS, "AppSg", Scenario.allTrue());
        assertThat(d.yes()).isTrue();
    }

    @Test
    void cloudFormationInlineEgressReplacesTheDefault() {
        Cfn c = new Cfn();
        c.m.add("LockedSg", "AWS::EC2::SecurityGroup", map("SecurityGroupEgress", List.of(
                rule("tcp", 80, 80, "CidrIp", "0.0.0.0/0"))));
        Workload w = c.workload(List.of(c.m.ref("LockedSg")), List.of(c.m.ref("AppSubnet")));
        c.m.add("EndpointSg", "AWS::EC2::SecurityGroup", map());
        Decision d = c.decide(w, Direction.EGRESS, "LockedSg", Scenario.allTrue());
        assertThat(d.no()).isTrue();
    }

    @Test
    void prefixListsAreUnknownUnlessDefined() {
        Cfn c = new Cfn();
        Workload w = c.app();
        c.m.add("Corp", "AWS::EC2::PrefixList", map("Entries", List.of(map("Cidr", "10.0.0.0/8"))));
        Decision defined = c.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "SourcePrefixListId", c.m.ref("Corp", "PrefixListId")))), w);
        assertThat(defined.yes()).as(defined.explanation()).isTrue();

        Cfn c2 = new Cfn();
        Workload w2 = c2.app();
        Decision outside = c2.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "SourcePrefixListId", "pl-0123456789abcdef0"))), w2);
        assertThat(outside.unknown()).isTrue();
        assertThat(outside.explanation()).contains("pl-0123456789abcdef0");
    }

    @Test
    void defaultGroupAdmitsOnlyItsMembers() {
        Cfn c = new Cfn();
        Workload member = c.workload(List.of(), List.of(c.m.ref("AppSubnet")));
        NetworkView net = NetworkView.of(c.m.graph());
        Scenario s = Scenario.allTrue();
        VpcRef vpc = net.vpcOf(member, s);
        GroupRef dflt = net.defaultGroup(vpc);
        RuleSet rules = new SecurityGroupRules(net).of(List.of(dflt), Direction.INGRESS, s);
        SecurityGroupMatcher matcher = new SecurityGroupMatcher(net);
        assertThat(matcher.admits(rules, net.partyOf(member, vpc, s), 443, s).yes()).isTrue();

        Workload app = new Workload(member.resource(), Workload.Kind.INSTANCE, null, null, List.of(c.m.ref("AppSg")),
                List.of(c.m.ref("AppSubnet")), List.of(), null, null, null, null, null);
        assertThat(matcher.admits(rules, net.partyOf(app, vpc, s), 443, s).no()).isTrue();
    }

    @Test
    void workloadGroupOutsideTheInputsIsUnknownAgainstGroupRules() {
        Cfn c = new Cfn();
        Workload w = c.workload(List.of(c.m.param("AppSecurityGroup")), List.of(c.m.ref("AppSubnet")));
        Decision d = c.ingress(map("SecurityGroupIngress", List.of(
                rule("tcp", 443, 443, "SourceSecurityGroupId", c.m.ref("BastionSg")))), w);
        assertThat(d.unknown()).isTrue();
        assertThat(d.explanation()).contains("parameter AppSecurityGroup");
    }

    @Nested
    class Terraform {
        final TestModel m = TestModel.tf();

        Workload setUp(Map<String, Object> appSg) {
            m.add("aws_vpc.main", "aws_vpc", map("cidr_block", "10.0.0.0/16"));
            m.add("aws_subnet.app", "aws_subnet", map("vpc_id", m.ref("aws_vpc.main", "id"), "cidr_block",
                    "10.0.1.0/24"));
            m.add("aws_security_group.app", "aws_security_group", appSg);
            Resource i = m.add("aws_instance.app", "aws_instance", map());
            return new Workload(i, Workload.Kind.INSTANCE, null, null, List.of(m.ref("aws_security_group.app", "id")),
                    List.of(m.ref("aws_subnet.app", "id")), List.of(), null, null, null, null, null);
        }

        Decision egress(Workload w) {
            NetworkView net = NetworkView.of(m.graph());
            Scenario s = Scenario.allTrue();
            VpcRef vpc = net.vpcOf(w, s);
            GroupRef g = net.groupRef(m.ref("aws_security_group.app", "id"), s);
            RuleSet rules = new SecurityGroupRules(net).of(List.of(g), Direction.EGRESS, s);
            Party vpcParty = new Party("the VPC", List.of(), List.of(Party.Place.exact("the VPC CIDR",
                    net.vpcCidrs(vpc, s).value())));
            return new SecurityGroupMatcher(net).admits(rules, vpcParty, 443, s);
        }

        @Test
        void groupWithoutEgressAllowsNothing() {
            Workload w = setUp(map("vpc_id", m.ref("aws_vpc.main", "id"), "egress", m.notConfigured("egress"),
                    "ingress", List.of()));
            Decision d = egress(w);
            assertThat(d.no()).isTrue();
            assertThat(d.explanation()).isEqualTo("aws_security_group.app has no egress rules for TCP 443");
        }

        @Test
        void inlineEgressBlockAllowsWithListedCidrs() {
            Workload w = setUp(map("vpc_id", m.ref("aws_vpc.main", "id"), "egress", List.of(map("protocol", "-1",
                    "from_port", 0, "to_port", 0, "cidr_blocks", List.of("10.0.0.0/16"), "ipv6_cidr_blocks",
                    List.of(), "security_groups", List.of(), "prefix_list_ids", List.of(), "self", false))));
            assertThat(egress(w).yes()).isTrue();
        }

        @Test
        void separateRuleResourcesAddEgress() {
            Workload w = setUp(map("vpc_id", m.ref("aws_vpc.main", "id"), "egress", m.notConfigured("egress")));
            m.add("aws_security_group_rule.https", "aws_security_group_rule", map("type", "egress",
                    "security_group_id", m.ref("aws_security_group.app", "id"), "protocol", "tcp", "from_port", 443,
                    "to_port", 443, "cidr_blocks", List.of("0.0.0.0/0")));
            assertThat(egress(w).yes()).isTrue();
        }

        @Test
        void vpcSecurityGroupEgressRuleWithAllProtocols() {
            Workload w = setUp(map("vpc_id", m.ref("aws_vpc.main", "id"), "egress", m.notConfigured("egress")));
            m.add("aws_vpc_security_group_egress_rule.all", "aws_vpc_security_group_egress_rule", map(
                    "security_group_id", m.ref("aws_security_group.app", "id"), "ip_protocol", "-1",
                    "cidr_ipv4", "0.0.0.0/0"));
            assertThat(egress(w).yes()).isTrue();
        }

        @Test
        void ingressRuleOfTheWrongTypeIsNotEgress() {
            Workload w = setUp(map("vpc_id", m.ref("aws_vpc.main", "id"), "egress", m.notConfigured("egress")));
            m.add("aws_security_group_rule.in", "aws_security_group_rule", map("type", "ingress",
                    "security_group_id", m.ref("aws_security_group.app", "id"), "protocol", "tcp", "from_port", 443,
                    "to_port", 443, "cidr_blocks", List.of("0.0.0.0/0")));
            assertThat(egress(w).no()).isTrue();
        }

        @Test
        void egressKnownAfterApplyIsUnknown() {
            Workload w = setUp(map("vpc_id", m.ref("aws_vpc.main", "id"), "egress",
                    m.unknown(new UnknownOrigin.KnownAfterApply("aws_security_group.app", "egress"))));
            Decision d = egress(w);
            assertThat(d.unknown()).isTrue();
            assertThat(d.explanation()).contains("known after apply");
        }
    }
}
