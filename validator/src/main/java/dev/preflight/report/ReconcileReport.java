package dev.preflight.report;

import dev.preflight.engine.ReconcileOutcome;

import java.io.IOException;
import java.io.Writer;

/** A report format of {@code preflight reconcile}: it sees the reconciliation and the check's outcome, never the graph. */
public interface ReconcileReport {
    String name();

    void write(ReconcileOutcome outcome, Writer out) throws IOException;
}
