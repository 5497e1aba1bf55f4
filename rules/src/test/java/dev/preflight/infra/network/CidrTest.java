package dev.preflight.infra.network;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {
    private static Cidr c(String s) {
        return Cidr.parse(s).orElseThrow();
    }

    @Test
    void hostBitsAreReadAsTheWholeBlock() {
        assertThat(c("10.0.5.1/16").contains(c("10.0.1.0/24"))).isTrue();
        assertThat(c("10.0.5.1/24").contains(c("10.0.1.0/24"))).isFalse();
        assertThat(c("2001:db8::1/56").contains(c("2001:db8:0:1::/64"))).isTrue();
        assertThat(c("2001:db8:0:100::1/56").contains(c("2001:db8:0:1::/64"))).isFalse();
    }

    @Test
    void familiesNeverContainEachOther() {
        assertThat(c("::/0").contains(c("10.0.0.0/16"))).isFalse();
        assertThat(c("0.0.0.0/0").contains(c("2001:db8::/32"))).isFalse();
        assertThat(c("0.0.0.0/0").contains(c("10.0.0.0/16"))).isTrue();
    }

    @Test
    void bareAddressIsASingleHostAndGarbageIsNotACidr() {
        assertThat(c("10.0.0.7").contains(c("10.0.0.7/32"))).isTrue();
        assertThat(Cidr.parse("not-a-cidr")).isEmpty();
        assertThat(Cidr.parse(" ")).isEmpty();
    }

    @Test
    void unionsCoverTogether() {
        List<Cidr> halves = List.of(c("10.0.0.0/17"), c("10.0.128.0/17"));
        assertThat(Cidr.covered(c("10.0.0.0/16"), halves)).isTrue();
        assertThat(Cidr.covered(c("10.0.0.0/16"), List.of(c("10.0.0.0/17")))).isFalse();
        assertThat(Cidr.covered(c("10.0.0.0/16"), List.of(c("10.0.0.0/17"), c("10.0.192.0/18"))))
                .isFalse();
        assertThat(Cidr.disjoint(c("10.0.0.0/16"), List.of(c("10.1.0.0/16"), c("::/0")))).isTrue();
        assertThat(Cidr.disjoint(c("10.0.0.0/16"), List.of(c("10.0.3.0/24")))).isFalse();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "10.20.*.*|wildcard", "10.0.0.0/33|longer than 32 bits", "10.0.0.256/24|above 255",
            "10.0.0.0-10.0.0.9|wildcard or range", "2001:db8::/129|longer than 128 bits", "ten.0.0.0/8|not an IPv4"})
    void valuesAwsRejectsAreNoCidrAndSayWhy(String text, String why) {
        assertThat(Cidr.parse(text)).isEmpty();
        assertThat(Cidr.problem(text)).contains(why);
    }

    @Test
    void valuesAwsAcceptsHaveNoProblem() {
        for (String ok : List.of("10.0.0.0/8", "0.0.0.0/0", "10.0.5.1/16", "10.0.0.1", "::/0", "2001:db8::/56")) {
            assertThat(Cidr.problem(ok)).as(ok).isNull();
            assertThat(Cidr.parse(ok)).as(ok).isPresent();
        }
    }

    @Test
    void ipv6TextFormsAreOneAddress() {
        assertThat(c("2001:db8::").contains(c("2001:0db8:0:0:0:0:0:0/128"))).isTrue();
        assertThat(c("1:2:3:4:5:6:7::").contains(c("1:2:3:4:5:6:7:0"))).isTrue();
        assertThat(c("::1:2:3:4:5:6:7").contains(c("0:1:2:3:4:5:6:7"))).isTrue();
        assertThat(c("::ffff:10.0.0.1").contains(c("::ffff:a00:1"))).isTrue();
        assertThat(c("::ffff:10.0.0.0/120").contains(c("::ffff:10.0.0.255"))).isTrue();
        assertThat(c("::ffff:10.0.0.0/120").contains(c("::ffff:10.0.1.0"))).isFalse();
        assertThat(c("::/0").contains(c("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(c("2001:DB8::/32").contains(c("2001:db8:ffff::/48"))).isTrue();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "fe80::1%eth0",
            "2001:db8::g", "::ffff:10.0.0.256", "::10.0.0.1:0", "2001:db8::/x", ":1::", "1::2:", "\uff11::" /* a full-width digit */})
    void malformedIpv6IsNoCidr(String text) {
        assertThat(Cidr.parse(text)).as(text).isEmpty();
        assertThat(Cidr.problem(text)).as(text).isNotNull();
    }

    @Test
    void unionCoverageIsExactAtTheEdges() {
        // blocks reaching past the target on either side still cover it; a one-address gap does not
        assertThat(Cidr.covered(c("10.0.1.0/24"), List.of(c("10.0.0.0/23")))).isTrue();
        assertThat(Cidr.covered(c("10.0.0.0/24"),
                List.of(c("10.0.0.128/25"), c("10.0.0.0/26"), c("10.0.0.64/26")))).isTrue();
        assertThat(Cidr.covered(c("10.0.0.0/24"),
                List.of(c("10.0.0.128/25"), c("10.0.0.0/26"), c("10.0.0.64/27"), c("10.0.0.96/28"),
                        c("10.0.0.112/29"), c("10.0.0.120/30"), c("10.0.0.124/31")))).as("10.0.0.126-127 left")
                .isFalse();
        assertThat(Cidr.covered(c("::/0"), List.of(c("::/1"), c("8000::/1")))).isTrue();
        assertThat(Cidr.covered(c("0.0.0.0/0"), List.of(c("::/0")))).isFalse();
        assertThat(Cidr.covered(c("255.255.255.255"), List.of(c("255.255.255.0/24")))).isTrue();
    }
}
