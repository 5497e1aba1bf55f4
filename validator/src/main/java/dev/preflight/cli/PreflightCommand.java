package dev.preflight.cli;

import dev.preflight.report.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code preflight}: the command-line entry point. */
@Command(name = "preflight", mixinStandardHelpOptions = true, versionProvider = PreflightCommand.Version.class,
        description = "Predicts before deploy whether GuardDuty Runtime Monitoring will cover the EC2 workloads "
                + "that CloudFormation templates, CDK cloud assemblies and Terraform plans create.",
        subcommands = {CheckCommand.class, ReconcileCommand.class, MergeCommand.class, PreCommitCommand.class, RulesCommand.class,
                ExplainCommand.class, InitCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  nothing at or above --fail-on", "  1  results at or above --fail-on",
                "  2  an input could not be read (all readable inputs were still checked)",
                "  3  usage or configuration error"})
public final class PreflightCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        // the commands that must start fast (a version probe, a check, the pre-commit hook's entry) skip picocli's
        // model when the line is plain; see PlainCommandLine
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println("preflight " + ToolVersion.get());
            out.flush();
            return ExitCode.OK;
        }
        PlainCommand plain = args.length < 2 ? null : switch (args[0]) {
            case "check" -> new CheckCommand();
            case "pre-commit" -> new PreCommitCommand();
            default -> null;
        };
        if (plain != null && PlainCommandLine.bind(plain, java.util.Arrays.asList(args).subList(1, args.length))) {
            try {
                return plain.call(out, err);
            } catch (RuntimeException e) {
                return internalError(e, err);
            }
        }
        CommandLine cl = new CommandLine(new PreflightCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("preflight: " + TerminalText.escape(ex.getMessage()));
            String suggestion = ex instanceof CommandLine.UnmatchedArgumentException u ? suggestion(u) : null;
            if (suggestion != null) {
                err.println("Did you mean: " + TerminalText.escape(suggestion) + "?");
            }
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> internalError(e, err));
        return cl.execute(args);
    }

    private static int internalError(Exception e, PrintWriter err) {
        err.println("preflight: internal error: " + e + " (please report this with the command and inputs)");
        return ExitCode.INPUT_ERROR;
    }

    /**
     * The nearest subcommand or option to the first unmatched argument, or null when none is near: picocli's own
     * suggestions match option prefixes only ({@code --fial-on} gets none), so distance decides here.
     */
    static String suggestion(CommandLine.UnmatchedArgumentException u) {
        if (u.getUnmatched().isEmpty()) {
            return null;
        }
        String arg = u.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
        List<String> candidates = new java.util.ArrayList<>();
        boolean option = arg.startsWith("-");
        if (option) {
            int eq = arg.indexOf('=');
            arg = eq < 0 ? arg : arg.substring(0, eq);
            spec.options().forEach(o -> candidates.addAll(List.of(o.names())));
        } else {
            candidates.addAll(spec.subcommands().keySet());
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(arg, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > Math.max(1, Math.min(3, arg.length() / 3))) {
            return null;
        }
        return option ? best : spec.qualifiedName() + " " + best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"preflight " + ToolVersion.get()};
        }
    }
}
