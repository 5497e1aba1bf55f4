package dev.preflight.rule;

import dev.preflight.model.CpuClock;

import java.util.function.Supplier;

/**
 * The CPU time one rule may spend over the inputs of a run. Work multiplies where undecided conditions are explored
 * and where network views compare every workload with every endpoint and security group, so those places
 * {@link #tick()}; past the deadline the evaluation ends with {@link Exceeded}, and the engine names the input that
 * takes the time. A thread without a deadline (tests, views outside a run) is never stopped.
 */
public final class RuleBudget {
    private static final ThreadLocal<Running> DEADLINE = new ThreadLocal<>();

    /** The deadline of the evaluation on this thread, its tick count and its budget in seconds (for the message). */
    private static final class Running {
        final CpuClock.Deadline deadline;
        final double seconds;
        int ticks;

        Running(double seconds) {
            this.deadline = CpuClock.deadline(seconds);
            this.seconds = seconds;
        }
    }

    private RuleBudget() {
    }

    /** Runs {@code work} on this thread with {@code seconds} of CPU time; {@link Exceeded} when it takes longer. */
    public static <T> T within(double seconds, Supplier<T> work) {
        Running prior = DEADLINE.get();
        DEADLINE.set(new Running(seconds));
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
        Running r = DEADLINE.get();
        if (r != null && (++r.ticks & 0xFF) == 0 && r.deadline.passed()) {
            throw new Exceeded(r.seconds);
        }
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
