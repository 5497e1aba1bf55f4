package dev.preflight.load.cloudformation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Ipv4CidrTest {
    @Test
    void blocksStartAtTheBaseOfTheNetwork() {
        assertThat(Ipv4Cidr.split("10.0.5.1/16", 3, 8)).containsExactly("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24");
        assertThat(Ipv4Cidr.split("0.0.0.0/0", 2, 31)).containsExactly("0.0.0.0/1", "128.0.0.0/1");
        assertThat(Ipv4Cidr.split("192.168.0.0/24", 1, 0)).containsExactly("192.168.0.0/32");
    }

    @Test
    void requestsCloudFormationRejectsGiveNothing() {
        assertThat(Ipv4Cidr.split("10.0.0.0/24", 3, 7)).isNull(); // two /25 fit, not three
        assertThat(Ipv4Cidr.split("10.0.0.0/24", 1, 9)).isNull(); // /23 is larger than the block
        assertThat(Ipv4Cidr.split("2001:db8::/56", 2, 64)).isNull(); // IPv6 is not evaluated
        assertThat(Ipv4Cidr.split("10.0.0.256/24", 1, 8)).isNull();
        assertThat(Ipv4Cidr.split("10.0.0.0", 1, 8)).isNull();
    }
}
