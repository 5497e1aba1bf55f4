package dev.preflight.infra.network;

/**
 * Which VPC something is in, as far as the inputs say. {@code vpc} is set when the VPC is a resource of the inputs.
 * Otherwise {@code outside} says why its attributes cannot be read: a physical id that no input defines, or an
 * unknown value (parameter, import, known after apply). Two values with the same {@code identity} designate the
 * same VPC even when it is unknown which one (the same parameter of the same input, the same physical id).
 */
public record VpcRef(String identity, Vpc vpc, String display, String outside) {
    public static VpcRef of(Vpc vpc) {
        return new VpcRef("res:" + vpc.resource().key().input() + "\u0000" + vpc.id(), vpc, vpc.id(), null);
    }

    public static VpcRef physical(String id) {
        return new VpcRef("id:" + id, null, id, "VPC " + id + " is not defined in the inputs");
    }

    public static VpcRef unknown(String input, String why) {
        return new VpcRef("unknown:" + input + "\u0000" + why, null, "an unknown VPC", why);
    }

    public boolean inInputs() {
        return vpc != null && !vpc.dataSource();
    }
}
