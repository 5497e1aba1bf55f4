package dev.preflight.load;

/**
 * An input that could not be read, with the position of the fault when known (line 0 = unknown).
 * {@code message} is one line that says what is wrong and what to do; reports print
 * {@code file:line:col: message}.
 */
public record InputFailure(String file, int line, int column, String message) {
    /** A line break in the message (a logical id or key quoted from the input can hold one) is written as \\n. */
    public InputFailure {
        message = message.replace("\r", "\\r").replace("\n", "\\n");
    }

    public String oneLine() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + message;
    }
}
