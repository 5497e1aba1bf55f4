package dev.preflight.config;

/** A configuration file that cannot be used: one line with the file and line. Exit code 3. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
