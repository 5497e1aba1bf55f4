package dev.preflight.rule;

import dev.preflight.model.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The path of a workload's agent traffic to the GuardDuty data endpoint, hop by hop in the order the traffic takes
 * them, as a network rule (GD001-GD004) saw it in the scenario its verdict comes from. Reports draw it without the
 * resource graph. Every hop names the rule that decides it ({@link Kind#decidedBy()}); a result carries the status of
 * the hops its own rule decides and {@link Status#NOT_CHECKED} for the others, so the paths of one workload's
 * results combine into one picture ({@link #combine}).
 */
public record NetworkPath(List<Hop> hops) {
    public NetworkPath {
        hops = List.copyOf(hops);
        if (hops.isEmpty() || hops.get(0).kind() != Kind.WORKLOAD) {
            throw new IllegalArgumentException("a path starts at its workload");
        }
    }

    /** The kinds of hop, in path order, each with the rule that decides it (null: nothing to decide). */
    public enum Kind {
        WORKLOAD(null, "workload"),
        SECURITY_GROUP("GD003", "security group"),
        SUBNET("GD004", "subnet"),
        NETWORK_ACL("GD004", "network ACL"),
        ENDPOINT_SUBNET("GD004", "endpoint subnet"),
        ENDPOINT_NETWORK_ACL("GD004", "endpoint network ACL"),
        ENDPOINT_SECURITY_GROUP("GD002", "endpoint security group"),
        ENDPOINT("GD001", "data endpoint");

        private final String decidedBy;
        private final String label;

        Kind(String decidedBy, String label) {
            this.decidedBy = decidedBy;
            this.label = label;
        }

        public String decidedBy() {
            return decidedBy;
        }

        public String label() {
            return label;
        }

        /** {@code SECURITY_GROUP} as JSON writes it: {@code security-group}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public enum Status {
        OK, FAILS, UNKNOWN, NOT_CHECKED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** FAILS is worse than UNKNOWN, UNKNOWN than OK, OK than NOT_CHECKED. */
        public boolean worseThan(Status o) {
            return badness() > o.badness();
        }

        private int badness() {
            return switch (this) {
                case NOT_CHECKED -> 0;
                case OK -> 1;
                case UNKNOWN -> 2;
                case FAILS -> 3;
            };
        }
    }

    /**
     * @param resource the resource id (logical id, Terraform address), or null for one the inputs do not define
     *                 (GuardDuty's own endpoint, a security group given by parameter)
     * @param label    what the hop is, in full ("AppSg", "GuardDuty's endpoint in Vpc (created by GuardDuty)")
     * @param location where it is written, or null
     * @param reason   why the deciding rule found it so (for FAILS and UNKNOWN: the rule's reason), or null
     */
    public record Hop(Kind kind, String resource, String label, SourceLocation location, Status status,
                      String reason) {
        public Hop {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(status, "status");
        }

        /** The rule that decides this hop, or null for the workload. */
        public String ruleId() {
            return kind.decidedBy();
        }

        boolean sameAs(Hop o) {
            return kind == o.kind && label.equals(o.label) && Objects.equals(resource, o.resource);
        }

        public Hop with(Status s, String why) {
            return new Hop(kind, resource, label, location, s, why);
        }
    }

    public Hop workload() {
        return hops.get(0);
    }

    /** The hops the deciding rule found failing. */
    public List<Hop> failing() {
        return hops.stream().filter(h -> h.status() == Status.FAILS).toList();
    }

    /**
     * One picture of one workload from the paths of several results: the hops in the order of the first path (hops
     * only a later path has are added where they fall by kind), each with the worst status any path gives it.
     */
    public static NetworkPath combine(List<NetworkPath> paths) {
        List<Hop> out = new ArrayList<>();
        for (NetworkPath p : paths) {
            for (Hop h : p.hops()) {
                int at = -1;
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i).sameAs(h)) {
                        at = i;
                        break;
                    }
                }
                if (at < 0) {
                    int pos = out.size();
                    while (pos > 0 && out.get(pos - 1).kind().ordinal() > h.kind().ordinal()) {
                        pos--;
                    }
                    out.add(pos, h);
                } else if (h.status().worseThan(out.get(at).status())) {
                    out.set(at, h);
                }
            }
        }
        return new NetworkPath(out);
    }
}
