package dev.preflight.cli;

import dev.preflight.report.AtomicFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code preflight init}: writes a commented {@code .preflight.yaml} holding the defaults (so it is valid as
 * written and every option is one uncomment away) and prints the pre-commit configuration to add.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented .preflight.yaml in DIR (default: the working directory) and print the "
                + "pre-commit configuration to add. An existing file is kept unless --force is given.")
final class InitCommand implements Callable<Integer> {
    static final String FILE_NAME = ".preflight.yaml";

    static final String CONFIG = """
            # Preflight configuration, read by `preflight check` from the working directory (or --config FILE).
            # Command-line options win over this file. Every key is optional; the values below are the defaults.

            # The results that make `preflight check` exit 1: error, warning, unknown or never.
            failOn: error

            # Severity of UNKNOWN verdicts (a prerequisite that cannot be decided from the inputs): error, warning or info.
            unknownSeverity: warning

            # Where the inputs deploy: resolves AWS::Region / AWS::AccountId (same as --region / --account).
            # region: eu-west-1
            # account: "123456789012"

            # CloudFormation parameter values (same as --parameter KEY=VALUE); they win over a parameter's Default.
            # parameters:
            #   Environment: prod

            # Per-rule severity or switch-off (rule ids: `preflight rules`; details: `preflight explain GD001`).
            # rules:
            #   GD010: {severity: error}
            #   GD013: {enabled: false}

            # The inputs that make one system, relative to this file: the pre-commit hooks then check all of the
            # inputs that hold a staged file (otherwise they check the folders of the staged files).
            # inputs:
            #   - infra/network
            #   - infra/app

            # Waivers (a reason is mandatory; an expired waiver no longer applies; waived results stay in every report).
            # A waiver can also live in a CloudFormation resource's Metadata (see the README).
            # waivers:
            #   - rule: GD007
            #     resource: "module.legacy.*"      # logical id, Terraform address, or a glob
            #     reason: batch hosts run the vendor EDR agent (SEC-1234)
            #     expires: 2027-01-31
            """;

    static final String PRE_COMMIT = """
            # .pre-commit-config.yaml: on every commit, check what the staged files belong to (their folders, or
            # the inputs of .preflight.yaml), so a change to one stack is checked against its sibling stacks
            repos:
              - repo: <URL of the Preflight repository>   # or a local clone's path
                rev: <tag or commit>
                hooks:
                  - id: preflight              # CloudFormation templates, CDK assemblies, plan JSON
            %s""";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "DIR", arity = "0..1", description = "Directory to write .preflight.yaml in.")
    Path dir;

    @CommandLine.Option(names = "--force", description = "Overwrite an existing .preflight.yaml.")
    boolean force;

    /** Whether the folder holds Terraform configuration (a .tf file within a few levels, outside .terraform). */
    static boolean hasTerraform(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.find(dir, 4, (p, a) -> a.isRegularFile() && p.toString().endsWith(".tf")
                && !p.toString().contains("/.terraform/"))) {
            return s.findAny().isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path target = (dir == null ? Path.of("") : dir).toAbsolutePath().resolve(FILE_NAME);
        if (Files.exists(target) && !force) {
            err.println("preflight: " + target + " exists; use --force to overwrite it");
            return ExitCode.USAGE;
        }
        if (!Files.isDirectory(target.getParent())) {
            err.println("preflight: " + target.getParent() + " is not a directory");
            return ExitCode.USAGE;
        }
        try {
            AtomicFile.write(target, w -> w.write(CONFIG));
        } catch (IOException e) {
            err.println("preflight: cannot write " + target + " (" + e.getMessage() + ")");
            return ExitCode.INPUT_ERROR;
        }
        out.println("Wrote " + target + " (the defaults, with every option commented).");
        out.println();
        out.println("To run Preflight on every commit, add to .pre-commit-config.yaml:");
        out.println();
        out.print(PRE_COMMIT.formatted(hasTerraform(target.getParent())
                ? "      - id: preflight-terraform    # the root modules of staged .tf files\n"
                : "      # - id: preflight-terraform  # the root modules of staged .tf files (none found here)\n"));
        out.flush();
        return ExitCode.OK;
    }
}
