package dev.preflight.load;

/**
 * An input that could not be read, with the position of the fault when known (line 0 = unknown).
 * {@code message} is one line that says what is wrong and what to do; reports print
 * {@code file:line:col: message}.
 */
public record InputFailure(String file, int line, int column, String message) {
    public String oneLine() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + message.replace('\n', ' ').replace('\r', ' ');
    }
}
