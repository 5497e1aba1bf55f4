package dev.preflight.infra.network;

import java.util.List;

/**
 * One side of a connection as a security group sees it: the groups its network interfaces carry and the places
 * (subnets) its addresses come from. Every place must be admitted (an Auto Scaling group may launch in any of its
 * subnets; an agent may reach any endpoint interface), either by one of the groups or by CIDR rules.
 */
public record Party(String name, List<GroupRef> groups, List<Place> places) {
    public Party {
        groups = List.copyOf(groups);
        places = List.copyOf(places);
    }

    /**
     * Addresses of one place. {@link Mode#EXACT}: every address of {@code cidrs} (a subnet's block, or a whole VPC
     * CIDR where the place could be anywhere in it) must be admitted. {@link Mode#WITHIN}: the place is some unknown
     * part of {@code cidrs} (a subnet of unknown CIDR in a known VPC), so only "all of it" or "none of it" decides.
     * {@code unknown} (with empty cidrs) when even that is unknown.
     */
    public record Place(String name, Mode mode, List<Cidr> cidrs, String unknown) {
        public enum Mode { EXACT, WITHIN }

        public Place {
            cidrs = List.copyOf(cidrs);
        }

        public static Place exact(String name, List<Cidr> cidrs) {
            return new Place(name, Mode.EXACT, cidrs, null);
        }

        public static Place within(String name, List<Cidr> cidrs, String why) {
            return new Place(name, Mode.WITHIN, cidrs, why);
        }

        public static Place unknown(String name, String why) {
            return new Place(name, Mode.WITHIN, List.of(), why);
        }
    }
}
