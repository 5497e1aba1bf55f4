package dev.preflight.infra.network;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An IPv4 or IPv6 block as written in a CIDR property. Host bits are common in security groups
 * ({@code 10.0.5.1/16}) and AWS reads them as the whole block, so parsing widens to the prefix block.
 */
public record Cidr(IPAddress block, String written) {
    /** The block, or empty when the text is not an address or CIDR (a bare address is a /32 or /128). */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        IPAddress a = new IPAddressString(t).getAddress();
        if (a == null) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(a.toPrefixBlock(), t));
    }

    public boolean ipv6() {
        return block.isIPv6();
    }

    /** True when every address of {@code other} is in this block (false across address families). */
    public boolean contains(Cidr other) {
        return block.isIPv4() == other.block.isIPv4() && block.contains(other.block);
    }

    public boolean overlaps(Cidr other) {
        return block.isIPv4() == other.block.isIPv4()
                && (block.contains(other.block) || other.block.contains(block));
    }

    /** True when the union of {@code blocks} covers every address of {@code target}. */
    public static boolean covered(Cidr target, List<Cidr> blocks) {
        List<IPAddress> remaining = new ArrayList<>(List.of(target.block));
        for (Cidr c : blocks) {
            if (c.block.isIPv4() != target.block.isIPv4()) {
                continue;
            }
            List<IPAddress> next = new ArrayList<>();
            for (IPAddress r : remaining) {
                IPAddress[] left = r.subtract(c.block);
                if (left != null) {
                    next.addAll(List.of(left));
                }
            }
            remaining = next;
            if (remaining.isEmpty()) {
                return true;
            }
        }
        return remaining.isEmpty();
    }

    /** True when no block of {@code blocks} shares an address with {@code target}. */
    public static boolean disjoint(Cidr target, List<Cidr> blocks) {
        for (Cidr c : blocks) {
            if (c.overlaps(target)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return written;
    }
}
