package dev.preflight.engine;

/**
 * What a run is doing, for a progress line: the phase, how much of it is done, of how much, and the item at hand
 * (an input's path, a rule id, a report format). Called from the run's threads; implementations must be cheap
 * and thread-safe.
 */
@FunctionalInterface
public interface RunProgress {
    /** The phases of a run, in order. */
    enum Phase {
        READING("reading"), LOADING("loading"), RULES("rules"), CFN_LINT("cfn-lint"), OPA("OPA"),
        COVERAGE("coverage"), REPORTS("reports");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    RunProgress NONE = (phase, done, total, current) -> { };

    /** {@code total} 0: not countable (a companion's run); {@code current} null when there is no single item. */
    void update(Phase phase, int done, int total, String current);
}
