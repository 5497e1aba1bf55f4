package dev.preflight.rule;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A reason given by a person for accepting a result. {@code source} says where it was written
 * ("Metadata of AppInstance", ".preflight.yaml:12"). {@code expires} may be null (no expiry).
 */
public record Waiver(String reason, LocalDate expires, String source) {
    public Waiver {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
    }

    public boolean expiredOn(LocalDate today) {
        return expires != null && expires.isBefore(today);
    }
}
