package dev.preflight.companion;

import java.util.Locale;

/** {@code --cfn-lint}: auto (use it when installed), on (required: absence is a fault), off. */
public enum CfnLintMode {
    AUTO, ON, OFF;

    public static CfnLintMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cfn-lint takes auto, on or off, not '" + s + "'");
        }
    }
}
