package dev.preflight.rule;

import java.util.Locale;

/** error: coverage will be unhealthy; warning: likely unhealthy, or unknown on a path that matters; info: advice. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** True when this severity is at least as serious as {@code other}. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }
}
