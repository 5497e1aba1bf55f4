package dev.preflight.report;

import dev.preflight.engine.RunOutcome;

import java.io.IOException;
import java.io.Writer;

/** A report format. Reports see only the outcome of a run (inputs, results, coverage, rules), never the graph. */
public interface Report {
    /** The {@code --format} name. */
    String name();

    void write(RunOutcome outcome, Writer out) throws IOException;
}
