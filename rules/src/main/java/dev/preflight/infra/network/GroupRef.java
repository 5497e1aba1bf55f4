package dev.preflight.infra.network;

/**
 * What a security-group value designates: a group of the inputs ({@code group} set), a physical id that no input
 * defines ({@code identity} "id:sg-..." so that two literal ids compare equal), or an unknown value
 * ({@code identity} null: equal to nothing). {@code missing} says why the group's rules cannot be read.
 */
public record GroupRef(String identity, SecurityGroup group, String display, String missing) {
    public static GroupRef of(SecurityGroup g) {
        return new GroupRef(g.identity(), g, g.name(), null);
    }

    public static GroupRef physical(String id) {
        return new GroupRef("id:" + id, null, id, "security group " + id + " is not defined in the inputs");
    }

    public static GroupRef unknown(String display, String why) {
        return new GroupRef(null, null, display, why);
    }

    public boolean known() {
        return identity != null;
    }

    /** True when both designate the same group; false when either is unknown. */
    public boolean same(GroupRef other) {
        return identity != null && identity.equals(other.identity);
    }
}
