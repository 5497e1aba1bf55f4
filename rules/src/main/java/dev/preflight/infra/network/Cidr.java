package dev.preflight.infra.network;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An IPv4 or IPv6 block as written in a CIDR property. Host bits are common in security groups
 * ({@code 10.0.5.1/16}) and AWS reads them as the whole block, so parsing widens to the prefix block.
 *
 * <p>The arithmetic is ours (the first and last address as unsigned integers) rather than a library's: the rules need
 * parse, contains and union coverage only, and the IP library we used before loaded 179 classes into every check,
 * about a tenth of a pre-commit run's classes.
 */
public record Cidr(boolean ipv6, BigInteger first, BigInteger last, String written) {
    private static final BigInteger V4_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final Comparator<Cidr> BY_FIRST = new Comparator<>() {
        @Override
        public int compare(Cidr a, Cidr b) {
            return a.first.compareTo(b.first);
        }
    };
    private static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /**
     * The block, or empty when the text is not an address or CIDR that AWS accepts (a bare address is a /32 or
     * /128). Wildcards ({@code 10.20.*.*}), ranges and prefixes beyond the address size ({@code /33}) are not CIDRs.
     */
    public static Optional<Cidr> parse(String text) {
        if (text == null || problem(text) != null) {
            return Optional.empty();
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        boolean v6 = address.indexOf(':') >= 0;
        BigInteger value = v6 ? ipv6Value(address) : ipv4Value(address);
        if (value == null) {
            return Optional.empty();
        }
        int bits = v6 ? 128 : 32;
        int prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        BigInteger max = v6 ? V6_MAX : V4_MAX;
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger first = value.and(max.xor(hostMask));
        return Optional.of(new Cidr(v6, first, first.or(hostMask), t));
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
            return ipv6Value(slash < 0 ? t : t.substring(0, slash)) == null
                    ? "'" + t + "' is not an IPv6 address or CIDR" : null;
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

    /** a.b.c.d as an unsigned 32-bit value, or null. */
    private static BigInteger ipv4Value(String address) {
        long v = ipv4Bits(address);
        return v < 0 ? null : BigInteger.valueOf(v);
    }

    private static long ipv4Bits(String address) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return -1;
        }
        long v = 0;
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !digits(o, 10)) {
                return -1;
            }
            int n = Integer.parseInt(o);
            if (n > 255) {
                return -1;
            }
            v = (v << 8) | n;
        }
        return v;
    }

    /**
     * An IPv6 address in RFC 4291 text form (eight groups of one to four hex digits, at most one {@code ::}, the
     * last 32 bits optionally dotted IPv4) as an unsigned 128-bit value, or null. Zone ids are not addresses AWS takes.
     */
    private static BigInteger ipv6Value(String address) {
        if (address.isEmpty() || address.indexOf('%') >= 0) {
            return null;
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = gap < 0 ? groups(address) : groups(address.substring(0, gap));
        List<Integer> tail = gap < 0 ? List.of() : groups(address.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        BigInteger v = BigInteger.ZERO;
        for (int g : head) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        v = v.shiftLeft(16 * (8 - count));
        for (int g : tail) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        return v;
    }

    // loops, not streams or lambdas: this runs in every pre-commit check, where each lambda shape costs start-up
    private static boolean digits(String s, int radix) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= '0' && c <= '9' || radix == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The 16-bit groups of a colon-separated run (a trailing dotted IPv4 is two groups), empty for "", or null. */
    private static List<Integer> groups(String run) {
        List<Integer> out = new ArrayList<>();
        if (run.isEmpty()) {
            return out;
        }
        String[] parts = run.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                long v4 = ipv4Bits(p);
                if (v4 < 0) {
                    return null;
                }
                out.add((int) (v4 >>> 16));
                out.add((int) (v4 & 0xFFFF));
            } else if (p.isEmpty() || p.length() > 4 || !digits(p, 16)) {
                return null;
            } else {
                out.add(Integer.parseInt(p, 16));
            }
        }
        return out;
    }

    /** True when every address of {@code other} is in this block (false across address families). */
    public boolean contains(Cidr other) {
        return ipv6 == other.ipv6 && first.compareTo(other.first) <= 0 && last.compareTo(other.last) >= 0;
    }

    public boolean overlaps(Cidr other) {
        return ipv6 == other.ipv6 && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    /** True when the union of {@code blocks} covers every address of {@code target}. */
    public static boolean covered(Cidr target, List<Cidr> blocks) {
        List<Cidr> same = new ArrayList<>();
        for (Cidr c : blocks) {
            if (c.overlaps(target)) {
                same.add(c);
            }
        }
        same.sort(BY_FIRST);
        // sweep from the target's first address: every address before `next` is covered
        BigInteger next = target.first;
        for (Cidr c : same) {
            if (c.first.compareTo(next) > 0) {
                return false;
            }
            if (c.last.compareTo(target.last) >= 0) {
                return true;
            }
            next = next.max(c.last.add(BigInteger.ONE));
        }
        return false;
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
