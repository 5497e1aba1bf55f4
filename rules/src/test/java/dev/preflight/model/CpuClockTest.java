package dev.preflight.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuClockTest {
    @Test
    void aDeadlinePassesOnCpuTimeNotOnWallTime() throws InterruptedException {
        CpuClock.Deadline d = CpuClock.deadline(0.1);
        assertThat(d.passed()).isFalse();
        Thread.sleep(300); // three budgets of wall time, almost no CPU time
        assertThat(d.passed()).as("sleeping uses no CPU time").isFalse();
        long spins = 0;
        long start = CpuClock.nanos();
        while (!d.passed()) {
            spins++;
        }
        long used = CpuClock.nanos() - start;
        assertThat(spins).isPositive();
        assertThat(used).as("CPU time spent until the deadline passed").isBetween(50_000_000L, 2_000_000_000L);
    }

    @Test
    void theThreadClockAdvancesWithWork() {
        long before = CpuClock.nanos();
        double x = 0;
        for (int i = 0; i < 5_000_000; i++) {
            x += Math.sqrt(i);
        }
        assertThat(x).isPositive();
        assertThat(CpuClock.nanos()).isGreaterThan(before);
    }
}
