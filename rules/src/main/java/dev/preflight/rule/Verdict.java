package dev.preflight.rule;

/** What a rule decides for one subject. Never turn UNKNOWN into PASS. */
public enum Verdict {
    PASS, FAIL, UNKNOWN, NOT_APPLICABLE;

    /** FAIL beats UNKNOWN beats PASS beats NOT_APPLICABLE: the worst branch of a condition wins. */
    public int badness() {
        return switch (this) {
            case FAIL -> 3;
            case UNKNOWN -> 2;
            case PASS -> 1;
            case NOT_APPLICABLE -> 0;
        };
    }

    public static Verdict worst(Verdict a, Verdict b) {
        return a.badness() >= b.badness() ? a : b;
    }
}
