package dev.preflight.reconcile;

/** How the console's status of an instance compares with the prediction for its workload. */
public enum Agreement {
    /** Same status (Excluded counts as the console's exclusion issue) and, when Unhealthy, the same issue type. */
    MATCH("match"),
    /** Both Unhealthy, with a different issue type. */
    ISSUE_DIFFERS("issue-differs"),
    /** The console and the prediction disagree on the status. */
    MISMATCH("mismatch"),
    /** The prediction is Unknown: the inputs could not decide, the console does. */
    UNDECIDED("undecided"),
    /** The instance is not made by the code of this run. */
    NOT_FROM_CODE("not-from-code"),
    /** The code makes the instance but the coverage list does not show it. */
    NOT_IN_CONSOLE("not-in-console");

    private final String wireName;

    Agreement(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
