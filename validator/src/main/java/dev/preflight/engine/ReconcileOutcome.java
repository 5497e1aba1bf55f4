package dev.preflight.engine;

import dev.preflight.load.InputFailure;
import dev.preflight.reconcile.Reconciliation;

import java.util.List;

/**
 * What reconcile reports see: the check of the code, the account files read (with what each held), the
 * reconciliation, and the problems of the account files (exit code 2).
 */
public record ReconcileOutcome(RunOutcome run, List<InputStatus> accountInputs, Reconciliation reconciliation,
                               List<InputFailure> accountFailures) {
    public ReconcileOutcome {
        accountInputs = List.copyOf(accountInputs);
        accountFailures = List.copyOf(accountFailures);
    }

    /** Every line of bad input: unreadable inputs, failed parts of the run, bad account files, reconcile problems. */
    public List<String> errors() {
        List<String> out = new java.util.ArrayList<>();
        run.failures().forEach(f -> out.add(f.oneLine()));
        out.addAll(run.faults());
        accountFailures.forEach(f -> out.add(f.oneLine()));
        out.addAll(reconciliation.problems());
        return out;
    }

    public boolean incomplete() {
        return run.incomplete() || !accountFailures.isEmpty() || !reconciliation.problems().isEmpty();
    }
}
