package dev.preflight.rule;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user told the run about the target environment. Region and account are unknown unless given with
 * {@code --region}/{@code --account}; {@code today} decides waiver expiry (a parameter so tests are stable); null is the system's date,
 * read only when a waiver has an expiry date (the time-zone rules it needs cost several milliseconds of a pre-commit check).
 */
public record RunSettings(Optional<String> region, Optional<String> account, LocalDate today) {
    public RunSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
    }

    public static RunSettings defaults() {
        return new RunSettings(Optional.empty(), Optional.empty(), null);
    }

    /** The date waivers expire against: the one given, or the system's date now. */
    @Override
    public LocalDate today() {
        return today != null ? today : LocalDate.now();
    }
}
