package dev.preflight.infra.network;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cidr's own arithmetic against the IPAddress library it replaced (seancfoley/IPAddress, test scope only): parse,
 * contains, overlaps and union coverage agree on random blocks of both families, clustered so that they nest and touch.
 */
class CidrDifferentialTest {
    private final Random random = new Random(20261204L);

    private String v4() {
        int prefix = random.nextInt(33);
        return "10." + random.nextInt(2) + "." + random.nextInt(4) * 64 + "." + random.nextInt(256) + "/"
                + (prefix < 8 ? 8 + prefix : prefix);
    }

    private String v6() {
        int prefix = 100 + random.nextInt(29);
        return "2001:db8::" + Integer.toHexString(random.nextInt(4)) + ":" + Integer.toHexString(random.nextInt(65536))
                + "/" + prefix;
    }

    private static IPAddress oracle(String s) {
        return new IPAddressString(s).getAddress().toPrefixBlock();
    }

    private static boolean oracleCovered(IPAddress target, List<IPAddress> blocks) {
        List<IPAddress> remaining = new ArrayList<>(List.of(target));
        for (IPAddress b : blocks) {
            if (b.isIPv4() != target.isIPv4()) {
                continue;
            }
            List<IPAddress> next = new ArrayList<>();
            for (IPAddress r : remaining) {
                IPAddress[] left = r.subtract(b);
                if (left != null) {
                    next.addAll(List.of(left));
                }
            }
            remaining = next;
        }
        return remaining.isEmpty();
    }

    @Test
    void agreesWithTheLibraryOnRandomBlocks() {
        int coveredTrue = 0;
        for (int round = 0; round < 3000; round++) {
            boolean six = random.nextInt(3) == 0;
            String a = six ? v6() : v4();
            String b = random.nextInt(10) == 0 ? (six ? v4() : v6()) : six ? v6() : v4();
            Cidr ca = Cidr.parse(a).orElseThrow();
            Cidr cb = Cidr.parse(b).orElseThrow();
            IPAddress oa = oracle(a);
            IPAddress ob = oracle(b);
            boolean sameFamily = oa.isIPv4() == ob.isIPv4();
            assertThat(ca.contains(cb)).as(a + " contains " + b).isEqualTo(sameFamily && oa.contains(ob));
            assertThat(ca.overlaps(cb)).as(a + " overlaps " + b)
                    .isEqualTo(sameFamily && (oa.contains(ob) || ob.contains(oa)));

            List<Cidr> blocks = new ArrayList<>();
            List<IPAddress> oracleBlocks = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String s = six ? v6() : v4();
                blocks.add(Cidr.parse(s).orElseThrow());
                oracleBlocks.add(oracle(s));
            }
            boolean expected = oracleCovered(oa, oracleBlocks);
            coveredTrue += expected ? 1 : 0;
            assertThat(Cidr.covered(ca, blocks)).as(a + " covered by " + blocks).isEqualTo(expected);
        }
        // the generator must produce both answers, or the comparison proves little
        assertThat(coveredTrue).isBetween(100, 2900);
    }

    @Test
    void acceptsWhatTheLibraryReadsAsOneAddressOrBlock() {
        for (String s : List.of("::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::8", "::ffff:192.0.2.1",
                "64:ff9b::192.0.2.33/120", "FE80::/10", "0:0:0:0:0:0:0:0/0", "2600:1f18:24e6:b900::/56")) {
            Cidr c = Cidr.parse(s).orElseThrow(() -> new AssertionError(s));
            IPAddress o = oracle(s);
            assertThat(c.first()).as(s).isEqualTo(o.getLower().getValue());
            assertThat(c.last()).as(s).isEqualTo(o.getUpper().getValue());
        }
    }
}
