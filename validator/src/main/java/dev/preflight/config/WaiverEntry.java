package dev.preflight.config;

import java.time.LocalDate;

/**
 * A waiver from the configuration file: a rule id (or {@code *}), a resource (logical id, Terraform address or
 * glob such as {@code module.legacy.*}), a mandatory reason and an optional expiry date.
 */
public record WaiverEntry(String rule, String resource, String reason, LocalDate expires, String source) {

    public boolean matches(String ruleId, String resourceId) {
        return (rule.equals("*") || rule.equalsIgnoreCase(ruleId)) && globMatches(resource, resourceId);
    }

    static boolean globMatches(String glob, String value) {
        if (glob.equals(value)) {
            return true;
        }
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0) {
            return false;
        }
        // Terraform addresses contain '[' and '"': match with our own glob, not the file-system one.
        return value.matches(toRegex(glob));
    }

    private static String toRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> {
                    if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

}
