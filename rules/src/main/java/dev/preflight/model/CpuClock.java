package dev.preflight.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The clock of every time budget (loading an input, a rule over the inputs): CPU time of the current thread, not
 * wall-clock time, so that a loaded CI machine does not refuse good inputs; wall-clock time where the JVM cannot tell.
 */
public final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {
    }

    public static long nanos() {
        if (THREADS.isCurrentThreadCpuTimeSupported()) {
            long t = THREADS.getCurrentThreadCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        return System.nanoTime();
    }
}
