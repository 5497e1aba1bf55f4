package dev.preflight.infra.network;

import dev.preflight.model.Resource;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

/**
 * One security-group rule with one peer, whichever syntax declared it (a Terraform block with three CIDRs becomes
 * three rules). Values are as written: {@link SecurityGroupMatcher} decides protocol, ports and peer.
 *
 * @param owner      the group the rule belongs to
 * @param declaredBy the group (inline rules) or the standalone rule resource
 * @param protocol   {@code IpProtocol} / {@code protocol} / {@code ip_protocol}
 * @param peer       the CIDR text, the value designating the peer group or prefix list; null for {@link Peer#SELF}
 *                   and {@link Peer#ALL}
 */
public record SecurityGroupRule(GroupRef owner, Direction direction, Resource declaredBy, SourceLocation location, Value protocol,
                                Value fromPort, Value toPort, Peer peerKind, Value peer) {
    public enum Direction {
        INGRESS, EGRESS;

        public String word() {
            return this == INGRESS ? "ingress" : "egress";
        }
    }

    /** CIDR covers IPv4 and IPv6 text; ALL is a synthetic allow-all default (0.0.0.0/0 and ::/0). */
    public enum Peer { CIDR, GROUP, SELF, PREFIX_LIST, ALL }
}
