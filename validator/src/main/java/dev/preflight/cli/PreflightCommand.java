package dev.preflight.cli;

import dev.preflight.report.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code preflight}: the command-line entry point. */
@Command(name = "preflight", mixinStandardHelpOptions = true, versionProvider = PreflightCommand.Version.class,
        description = "Predicts before deploy whether GuardDuty Runtime Monitoring will cover the EC2 workloads "
                + "that CloudFormation templates, CDK cloud assemblies and Terraform plans create.",
        subcommands = {CheckCommand.class, ReconcileCommand.class, MergeCommand.class, RulesCommand.class, ExplainCommand.class, InitCommand.class,
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
        // the two commands that must start fast (a version probe, a pre-commit check) skip picocli's model when the
        // line is plain; see PlainCommandLine
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println("preflight " + ToolVersion.get());
            out.flush();
            return ExitCode.OK;
        }
        if (args.length > 1 && args[0].equals("check")) {
            CheckCommand check = new CheckCommand();
            if (PlainCommandLine.bind(check, java.util.Arrays.asList(args).subList(1, args.length))) {
                try {
                    return check.call(out, err);
                } catch (RuntimeException e) {
                    return internalError(e, err);
                }
            }
        }
        CommandLine cl = new CommandLine(new PreflightCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("preflight: " + TerminalText.escape(ex.getMessage()));
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
