package dev.preflight.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The clock of every time budget (loading an input, a rule over the inputs): CPU time of the current thread, not
 * wall-clock time, so that a loaded CI machine does not refuse good inputs; wall-clock time where the JVM cannot tell.
 *
 * <p>A {@link Deadline} reads the CPU clock only once its work has run for {@link Deadline#GRACE_NANOS} of wall time:
 * a thread cannot use more CPU time than the wall time that passed, so until then the deadline cannot have passed.
 * Small inputs, a pre-commit check's, thus never start {@code java.lang.management} (about 40 classes and a
 * service lookup, several milliseconds of a 0.2 s run). The grace period itself is not counted as CPU time: a
 * deadline passes at most {@code GRACE_NANOS} of CPU time late, never early.
 */
public final class CpuClock {
    private CpuClock() {
    }

    /** CPU time of this thread in nanoseconds (wall-clock time where the JVM cannot measure it). */
    public static long nanos() {
        ThreadMXBean threads = Threads.BEAN;
        if (threads.isCurrentThreadCpuTimeSupported()) {
            long t = threads.getCurrentThreadCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        return System.nanoTime();
    }

    /** Holder: the platform bean is made on the first CPU reading, not when the class is loaded. */
    private static final class Threads {
        static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();
    }

    /** {@code seconds} of this thread's CPU time from now. */
    public static Deadline deadline(double seconds) {
        return new Deadline((long) (seconds * 1e9));
    }

    /** A CPU-time deadline of the thread that made it (each budgeted step runs on one thread). */
    public static final class Deadline {
        /** 50 ms: far below any budget a user sets (seconds), long enough that a small input never reads the clock. */
        static final long GRACE_NANOS = 50_000_000L;

        private final long budget;
        private final long wallStart = System.nanoTime();
        private final long grace;
        private long cpuEnd = Long.MIN_VALUE;

        private Deadline(long budgetNanos) {
            this.budget = budgetNanos;
            // a budget shorter than the grace period (tests) starts counting at a tenth of itself
            this.grace = Math.min(GRACE_NANOS, budgetNanos / 10);
        }

        /** True once the thread has used more CPU time than the budget since the deadline was made. */
        public boolean passed() {
            if (cpuEnd == Long.MIN_VALUE) {
                if (System.nanoTime() - wallStart < grace) {
                    return false;
                }
                cpuEnd = nanos() + budget;
            }
            return nanos() > cpuEnd;
        }
    }
}
