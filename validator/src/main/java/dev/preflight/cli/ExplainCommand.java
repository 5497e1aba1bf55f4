package dev.preflight.cli;

import dev.preflight.engine.RuleCatalog;
import dev.preflight.rule.RuleDocumentation;
import dev.preflight.rule.RuleMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code preflight explain GD002}: one rule's documentation, the same text as docs/rules/GD002.md. */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print the documentation of one rule.")
final class ExplainCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RULE", description = "Rule id, for example GD002.")
    String id;

    @Override
    public Integer call() {
        RuleMetadata m = RuleCatalog.builtIn(id);
        if (m == null) {
            spec.commandLine().getErr().println("preflight: no rule '" + id + "'; `preflight rules` lists them");
            return ExitCode.USAGE;
        }
        spec.commandLine().getOut().print(RuleDocumentation.markdown(m));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
