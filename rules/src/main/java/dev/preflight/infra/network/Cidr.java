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
    /**
     * The block, or empty when the text is not an address or CIDR that AWS accepts (a bare address is a /32 or
     * /128). Wildcards ({@code 10.20.*.*}), ranges and prefixes beyond the address size ({@code /33}) are not CIDRs.
     */
    public static Optional<Cidr> parse(String text) {
        if (text == null || problem(text) != null) {
            return Optional.empty();
        }
        String t = text.trim();
        IPAddress a = new IPAddressString(t).getAddress();
        if (a == null) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(a.toPrefixBlock(), t));
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,3}))?");

    /** Why AWS rejects {@code text} as a CIDR block ("prefix /33 is longer than 32 bits"), or null when it accepts it. */
    public static String problem(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return "it is empty";
        }
        if (t.contains("*") || t.contains("-")) {
            return "'" + t + "' is a wildcard or range, not CIDR notation";
        }
        if (t.contains(":")) {
            int slash = t.indexOf('/');
            if (slash >= 0 && !t.substring(slash + 1).matches("\\d{1,3}")) {
                return "'" + t + "' has no valid prefix length";
            }
            if (slash >= 0 && Integer.parseInt(t.substring(slash + 1)) > 128) {
                return "prefix /" + t.substring(slash + 1) + " of '" + t + "' is longer than 128 bits";
            }
            IPAddress a = new IPAddressString(t).getAddress();
            return a == null || !a.isIPv6() ? "'" + t + "' is not an IPv6 address or CIDR" : null;
        }
        java.util.regex.Matcher m = IPV4.matcher(t);
        if (!m.matches()) {
            return "'" + t + "' is not an IPv4 address or CIDR (a.b.c.d/n)";
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return "'" + t + "' has the octet " + m.group(i) + ", above 255";
            }
        }
        if (m.group(5) != null && Integer.parseInt(m.group(5)) > 32) {
            return "prefix /" + m.group(5) + " of '" + t + "' is longer than 32 bits";
        }
        return null;
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
