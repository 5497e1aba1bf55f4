package dev.preflight.rule;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user told the run about the target environment. Region and account are unknown unless given with
 * {@code --region}/{@code --account}; {@code today} decides waiver expiry (a parameter so tests are stable).
 */
public record RunSettings(Optional<String> region, Optional<String> account, LocalDate today) {
    public RunSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(today, "today");
    }

    public static RunSettings defaults() {
        return new RunSettings(Optional.empty(), Optional.empty(), LocalDate.now());
    }
}
