package dev.preflight.load.cloudformation;

import java.util.ArrayList;
import java.util.List;

/** {@code Fn::Cidr} for IPv4: {@code count} consecutive blocks with {@code hostBits} host bits from the block's base. */
final class Ipv4Cidr {
    private Ipv4Cidr() {
    }

    /** The blocks, or null when the input is not an IPv4 CIDR or the request does not fit (CloudFormation fails). */
    static List<String> split(String block, long count, long hostBits) {
        String[] parts = block.trim().split("/");
        if (parts.length != 2 || count < 1 || count > 256 || hostBits < 0 || hostBits > 32) {
            return null;
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            return null;
        }
        long base = 0;
        int prefix;
        try {
            for (String o : octets) {
                int n = Integer.parseInt(o);
                if (n < 0 || n > 255) {
                    return null;
                }
                base = (base << 8) | n;
            }
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        int newPrefix = (int) (32 - hostBits);
        if (prefix < 0 || prefix > 32 || newPrefix < prefix || count > (1L << (newPrefix - prefix))) {
            return null;
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        base &= mask;
        List<String> out = new ArrayList<>();
        long size = 1L << hostBits;
        for (long i = 0; i < count; i++) {
            long a = base + i * size;
            out.add(((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255) + "/"
                    + newPrefix);
        }
        return out;
    }
}
