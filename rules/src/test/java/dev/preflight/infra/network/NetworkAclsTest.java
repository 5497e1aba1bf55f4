package dev.preflight.infra.network;

import dev.preflight.rule.Scenario;
import dev.preflight.model.Resource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.preflight.infra.network.TestModel.map;
import static org.assertj.core.api.Assertions.assertThat;

class NetworkAclsTest {
    private final TestModel m = TestModel.cfn();
    private final Scenario s = Scenario.allTrue();

    NetworkAclsTest() {
        m.add("Vpc", "AWS::EC2::VPC", map("CidrBlock", "10.0.0.0/16"));
        m.add("Subnet", "AWS::EC2::Subnet", map("VpcId", m.ref("Vpc"), "CidrBlock", "10.0.1.0/24"));
    }

    private void acl() {
        m.add("Acl", "AWS::EC2::NetworkAcl", map("VpcId", m.ref("Vpc")));
        m.add("Assoc", "AWS::EC2::SubnetNetworkAclAssociation", map("SubnetId", m.ref("Subnet"), "NetworkAclId",
                m.ref("Acl")));
    }

    private void entry(String id, int number, Object protocol, String action, boolean egress, Object cidr,
                       Integer from, Integer to) {
        Map<String, Object> p = map("NetworkAclId", m.ref("Acl"), "RuleNumber", number, "Protocol", protocol,
                "RuleAction", action, "Egress", egress, "CidrBlock", cidr);
        if (from != null) {
            p.put("PortRange", map("From", from, "To", to));
        }
        m.add(id, "AWS::EC2::NetworkAclEntry", p);
    }

    private Decision inbound(int lo, int hi, String peer) {
        return check(false, lo, hi, peer);
    }

    private Decision check(boolean egress, int lo, int hi, String peer) {
        NetworkView net = NetworkView.of(m.graph());
        Resource subnetResource = m.graph().get(new dev.preflight.model.ResourceKey("template.yaml", "Subnet"))
                .orElseThrow();
        Subnet subnet = net.subnet(new dev.preflight.model.Value.Reference(subnetResource.key(), null,
                m.v("subnet-1"), subnetResource.location()), s).value();
        VpcRef vpc = net.vpc(subnet.vpcId(), s, "template.yaml");
        NetworkAcls.Applied applied = net.acls().of(subnet, vpc, s);
        return net.acls().allows(applied, egress, lo, hi, Party.Place.exact("peer",
                List.of(Cidr.parse(peer).orElseThrow())), s);
    }

    @Test
    void subnetWithoutAssociationUsesTheDefaultAcl() {
        assertThat(inbound(443, 443, "10.0.2.0/24").explanation()).contains("default network ACL of Vpc");
        assertThat(inbound(443, 443, "10.0.2.0/24").yes()).isTrue();
    }

    @Test
    void customAclWithoutEntriesDeniesEverything() {
        acl();
        Decision d = inbound(443, 443, "10.0.2.0/24");
        assertThat(d.no()).isTrue();
        assertThat(d.explanation()).contains("implicit deny");
    }

    @Test
    void firstMatchingEntryInRuleNumberOrderWins() {
        acl();
        entry("Allow", 200, 6, "allow", false, "0.0.0.0/0", 0, 65535);
        entry("Deny", 100, 6, "deny", false, "10.0.0.0/16", 440, 450);
        Decision d = inbound(443, 443, "10.0.2.0/24");
        assertThat(d.no()).isTrue();
        assertThat(d.explanation()).contains("entry 100");
        assertThat(inbound(443, 443, "192.168.1.0/24").yes()).isTrue();
    }

    @Test
    void ephemeralRangeMustBeCoveredEntirelyByAllowsBeforeAnyDeny() {
        acl();
        entry("High", 100, 6, "allow", false, "10.0.0.0/16", 32768, 65535);
        entry("Low", 110, "6", "allow", false, "10.0.0.0/16", 1024, 32767);
        assertThat(inbound(1024, 65535, "10.0.2.0/24").yes()).isTrue();
        entry("DenyMid", 105, 6, "deny", false, "0.0.0.0/0", 2000, 2000);
        Decision d = check(false, 1024, 65535, "10.0.2.0/24");
        assertThat(d.no()).isTrue();
        assertThat(d.explanation()).contains("ports 2000");
    }

    @Test
    void partialRangeFallsToTheImplicitDeny() {
        acl();
        entry("High", 100, 6, "allow", false, "10.0.0.0/16", 32768, 65535);
        Decision d = inbound(1024, 65535, "10.0.2.0/24");
        assertThat(d.no()).isTrue();
        assertThat(d.explanation()).contains("1024-32767");
    }

    @Test
    void allProtocolsIgnorePortsAndOtherProtocolsAreSkipped() {
        acl();
        entry("Udp", 50, 17, "deny", false, "0.0.0.0/0", 0, 65535);
        entry("All", 100, -1, "allow", false, "0.0.0.0/0", null, null);
        assertThat(inbound(443, 443, "10.0.2.0/24").yes()).isTrue();
    }

    @Test
    void unknownCidrOfADenyBeforeTheAllowIsUnknown() {
        acl();
        entry("Deny", 50, -1, "deny", true, m.param("Blocked"), null, null);
        entry("All", 100, -1, "allow", true, "0.0.0.0/0", null, null);
        Decision d = check(true, 443, 443, "10.0.2.0/24");
        assertThat(d.unknown()).isTrue();
        assertThat(d.explanation()).contains("parameter Blocked");
    }

    @Test
    void terraformInlineBlocksAndDefaultAcl() {
        TestModel t = TestModel.tf();
        t.add("aws_vpc.main", "aws_vpc", map("cidr_block", "10.0.0.0/16"));
        t.add("aws_subnet.a", "aws_subnet", map("vpc_id", t.ref("aws_vpc.main", "id"), "cidr_block", "10.0.1.0/24"));
        t.add("aws_default_network_acl.d", "aws_default_network_acl", map("default_network_acl_id",
                t.ref("aws_vpc.main", "default_network_acl_id"), "ingress", List.of(map("rule_no", 100, "protocol",
                        "tcp", "action", "allow", "cidr_block", "10.0.0.0/16", "from_port", 443, "to_port", 443)),
                "egress", t.notConfigured("egress")));
        NetworkView net = NetworkView.of(t.graph());
        Subnet sub = net.subnet(t.ref("aws_subnet.a", "id"), s).value();
        VpcRef vpc = net.vpc(sub.vpcId(), s, "plan.json");
        NetworkAcls.Applied applied = net.acls().of(sub, vpc, s);
        assertThat(applied.acl().id()).isEqualTo("aws_default_network_acl.d");
        Party.Place peer = Party.Place.exact("p", List.of(Cidr.parse("10.0.2.0/24").orElseThrow()));
        assertThat(net.acls().allows(applied, false, 443, 443, peer, s).yes()).isTrue();
        assertThat(net.acls().allows(applied, true, 1024, 65535, peer, s).no()).isTrue();
    }
}
