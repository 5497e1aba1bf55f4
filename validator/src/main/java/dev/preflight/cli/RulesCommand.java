package dev.preflight.cli;

import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rules.BuiltInRules;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code preflight rules}: the rule catalogue, one line per rule. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List the built-in rules.")
final class RulesCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Rule r : BuiltInRules.all()) {
            RuleMetadata m = r.metadata();
            out.printf("%s  %-8s %s%n", m.id(), m.defaultSeverity().wireName(), m.title());
        }
        out.flush();
        return ExitCode.OK;
    }
}
