package dev.preflight.policy;

/**
 * A policy document AWS would reject (not JSON, no {@code Statement}, an {@code Effect} other than Allow/Deny,
 * an unknown statement element such as {@code Actions}). The message is one line that says what is wrong.
 */
public final class PolicyFormatException extends Exception {
    public PolicyFormatException(String message) {
        super(message);
    }
}
