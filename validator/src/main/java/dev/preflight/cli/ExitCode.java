package dev.preflight.cli;

/** Exit codes, documented in the README and in {@code --help}. */
final class ExitCode {
    /** Nothing at or above {@code --fail-on}. */
    static final int OK = 0;
    /** Results at or above {@code --fail-on}. */
    static final int FINDINGS = 1;
    /** Some input could not be read or a part of the run failed; every readable input was still checked. */
    static final int INPUT_ERROR = 2;
    /** Usage or configuration error; nothing was checked. */
    static final int USAGE = 3;

    private ExitCode() {
    }
}
