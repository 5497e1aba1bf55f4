package dev.preflight.rule;

/**
 * How a finding (FAIL or UNKNOWN) stands once acceptance is decided: {@code NEW} needs attention, {@code EXISTING}
 * was already in the baseline, {@code WAIVED} is accepted by a waiver that says where it was written.
 */
public enum Standing {
    NEW, EXISTING, WAIVED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
