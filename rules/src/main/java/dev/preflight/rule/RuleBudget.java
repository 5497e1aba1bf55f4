package dev.preflight.rule;

import java.util.function.Supplier;

/**
 * The CPU time one rule may spend over the inputs of a run. Work multiplies where undecided conditions are explored
 * and where network views compare every workload with every endpoint and security group, so those places
 * {@link #tick()}; past the deadline the evaluation ends with {@link Exceeded}, and the engine names the input that
 * takes the time. A thread without a deadline (tests, views outside a run) is never stopped.
 */
public final class RuleBudget {
    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    private RuleBudget() {
    }

    /** Runs {@code work} on this thread with {@code seconds} of CPU time; {@link Exceeded} when it takes longer. */
    public static <T> T within(double seconds, Supplier<T> work) {
        long[] prior = DEADLINE.get();
        DEADLINE.set(new long[] {cpuNanos() + (long) (seconds * 1e9), 0, (long) (seconds * 1000)});
        try {
            return work.get();
        } finally {
            if (prior == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(prior);
            }
        }
    }

    /** Checks the clock now and then (every 256th call: reading the CPU clock costs a system call). */
    public static void tick() {
        long[] d = DEADLINE.get();
        if (d != null && (++d[1] & 0xFF) == 0 && cpuNanos() > d[0]) {
            throw new Exceeded(d[2] / 1000.0);
        }
    }

    private static long cpuNanos() {
        return dev.preflight.model.CpuClock.nanos();
    }

    /** The evaluation went past its deadline. */
    public static final class Exceeded extends RuntimeException {
        private final double seconds;

        Exceeded(double seconds) {
            super("more than " + seconds + " s of CPU time", null, false, false);
            this.seconds = seconds;
        }

        public double seconds() {
            return seconds;
        }
    }
}
