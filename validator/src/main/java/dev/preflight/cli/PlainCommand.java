package dev.preflight.cli;

import java.io.PrintWriter;

/** A command that {@link PlainCommandLine} binds and runs without picocli's model (the ones that must start fast). */
interface PlainCommand {
    /** Runs with the options already bound; the exit code. */
    Integer call(PrintWriter out, PrintWriter err);
}
