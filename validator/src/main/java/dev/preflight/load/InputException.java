package dev.preflight.load;

/** An input that cannot be read; carries the one-line failure that reports print. */
public final class InputException extends Exception {
    private final InputFailure failure;

    public InputException(InputFailure failure) {
        super(failure.oneLine());
        this.failure = failure;
    }

    public InputException(String file, int line, int column, String message) {
        this(new InputFailure(file, line, column, message));
    }

    public InputFailure failure() {
        return failure;
    }
}
