package dev.preflight.load;

import dev.preflight.model.CpuClock;

import java.util.Locale;

/**
 * The budgets every input is read within, so that no input, however hostile, can take the run's memory or time
 * (README "Limits"). An input over one of them is one line naming the file and the budget, exit code 2, and the
 * other inputs are still checked:
 * <ul>
 *   <li>bytes: {@value #BYTES} per file ({@link SourceFiles});</li>
 *   <li>values: {@value #VALUES} per input after YAML aliases and {@code Fn::ForEach} are expanded (each use of an
 *       alias counts its whole value again; each expanded loop item counts its body);</li>
 *   <li>text: {@value #TEXT_CHARS} characters of text per input after YAML aliases are expanded;</li>
 *   <li>string length: {@value #STRING_CHARS} characters per string built by {@code Fn::Join}, {@code Fn::Sub} or
 *       {@code Fn::ToJsonString}, and {@value #YAML_TOKEN_CHARS} characters per YAML token (a run without a space
 *       or line break: SnakeYAML's time grows with the square of a token's length);</li>
 *   <li>time: {@value #SECONDS} s of CPU time for each step of loading one input (parse, loop expansion,
 *       resolution): CPU time, not wall-clock time, so that a loaded CI machine does not refuse good inputs.</li>
 * </ul>
 * {@value #VALUES_VARIABLE} sets the budget of values (README "Budgets"). The system properties
 * {@code preflight.budget.values}, {@code preflight.budget.seconds} and {@code preflight.budget.stringChars} set
 * them for tests.
 */
public final class InputBudget {
    public static final long BYTES = 64L * 1024 * 1024;
    public static final long VALUES = 2_000_000;
    public static final long TEXT_CHARS = 128L * 1024 * 1024;
    public static final int STRING_CHARS = 4 * 1024 * 1024;
    public static final int YAML_TOKEN_CHARS = 128 * 1024;
    public static final int SECONDS = 30;
    /** Digits of a number, and the size of its exponent: {@code 1e2147483647} as a BigDecimal is cheap, but its
     * integer or plain text is two billion digits. */
    public static final int NUMBER_DIGITS = 1000;

    private InputBudget() {
    }

    /** An input went over a budget: one line for the report (file, the budget, what to do). Unchecked, so it passes
     * through the resolver's lambdas to the loader, which turns it into an {@link InputFailure}. */
    public static final class Exceeded extends RuntimeException {
        private final transient InputFailure failure;

        public Exceeded(InputFailure failure) {
            super(failure.oneLine(), null, false, false);
            this.failure = failure;
        }

        public InputFailure failure() {
            return failure;
        }
    }

    /**
     * The number written {@code raw}, or null when it has more than {@value #NUMBER_DIGITS} digits or an exponent
     * beyond that; NumberFormatException when it is no number (Java's syntax, as JSON and YAML floats are).
     */
    public static java.math.BigDecimal number(String raw) {
        if (raw.length() > NUMBER_DIGITS + 20) {
            return null;
        }
        java.math.BigDecimal d = new java.math.BigDecimal(raw);
        long exponent = (long) d.precision() - d.scale();
        return Math.abs(exponent) > NUMBER_DIGITS || Math.abs((long) d.scale()) > 2L * NUMBER_DIGITS ? null : d;
    }

    /** The line for a number {@link #number} refused. */
    public static String numberRefused(String raw) {
        String shown = raw.length() > 40 ? raw.substring(0, 20) + "..." + raw.substring(raw.length() - 10)
                + " (" + raw.length() + " characters)" : raw;
        return String.format(Locale.ROOT, "over budget: the number %s has more than %,d digits or an exponent "
                + "beyond %,d, the budget of numbers; write it as a string if it is meant as text", shown,
                NUMBER_DIGITS, NUMBER_DIGITS);
    }

    /** Sets the budget of values: a monorepo's minified plan can pass 2,000,000 values (about 40,000 resources). */
    public static final String VALUES_VARIABLE = "PREFLIGHT_MAX_VALUES";

    public static long values() {
        Long property = Long.getLong("preflight.budget.values");
        return property != null ? property : valuesFrom(System.getenv(VALUES_VARIABLE));
    }

    /** The budget of values {@code setting} (the variable's text; null: the default); IllegalArgumentException
     * naming the variable when it is not a positive whole number. */
    public static long valuesFrom(String setting) {
        if (setting == null || setting.isBlank()) {
            return VALUES;
        }
        try {
            long n = Long.parseLong(setting.strip().replace("_", "").replace(",", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below, with the variable's name
        }
        throw new IllegalArgumentException(VALUES_VARIABLE + "=" + setting + ": not a positive whole number (the "
                + "budget of values per input; the default is " + String.format(Locale.ROOT, "%,d", VALUES) + ")");
    }

    public static long seconds() {
        return Long.getLong("preflight.budget.seconds", SECONDS);
    }

    public static int stringChars() {
        return Integer.getInteger("preflight.budget.stringChars", STRING_CHARS);
    }

    /** A new meter for one loading step of {@code file}; the clock starts now. */
    public static Meter meter(String file) {
        return new Meter(file);
    }

    /** Counts the work of one step of loading one input against the budgets; not thread-safe (one per input). */

    public static final class Meter {
        private final String file;
        private final long maxValues = InputBudget.values();
        private final int maxString = InputBudget.stringChars();
        private CpuClock.Deadline deadline;
        private long values;
        private long text;
        private int ticks;

        private Meter(String file) {
            this.file = file;
            restart();
        }

        /** A new step (parse, expansion, resolution) gets the whole budget again. */
        public void restart() {
            deadline = CpuClock.deadline(seconds());
            values = 0;
            text = 0;
        }

        public String file() {
            return file;
        }

        /** {@code n} more values made (a use of an alias counts its whole value). */
        public void values(long n, int line, int column, String what) {
            values += n;
            if (values > maxValues) {
                throw exceeded(line, column, String.format(Locale.ROOT, "%s more than %,d values, the budget of "
                        + "values per input", what, maxValues), "split the input or remove the repetition, or raise the budget "
                        + "with " + VALUES_VARIABLE + "=N (about 0.5 KB of memory per value)");
            }
            tick(line, column);
        }

        /** {@code n} more characters of text after aliases. */
        public void text(long n, int line, int column) {
            text += n;
            if (text > TEXT_CHARS) {
                throw exceeded(line, column, String.format(Locale.ROOT, "YAML aliases expand to more than %,d "
                        + "characters of text, the budget of text per input", TEXT_CHARS), "remove the aliases");
            }
        }

        /** A string of {@code length} characters was built by {@code function}. */
        public void string(long length, int line, int column, String function) {
            if (length > maxString) {
                throw exceeded(line, column, String.format(Locale.ROOT, "%s builds a string of more than %,d "
                        + "characters, the budget of string length", function, maxString),
                        "check the repetition in its arguments");
            }
        }

        /** Checks the clock now and then. */
        public void tick(int line, int column) {
            if ((++ticks & 0x3FF) == 0 && deadline.passed()) {
                throw exceeded(line, column, "loading took more than " + seconds() + " s of CPU time, the budget of "
                        + "time per input", "split the input or make its loops smaller");
            }
        }

        public Exceeded exceeded(int line, int column, String what, String todo) {
            return new Exceeded(new InputFailure(file, line, column, "over budget: " + what + "; " + todo));
        }
    }
}
