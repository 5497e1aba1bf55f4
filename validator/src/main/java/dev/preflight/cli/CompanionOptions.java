package dev.preflight.cli;

import dev.preflight.companion.CfnLintMode;
import dev.preflight.companion.CompanionSettings;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code check} options for the companion tools: cfn-lint and OPA. */
final class CompanionOptions {
    // the system property preflight.cfnLint changes the default (the build's own tests set it to off)
    @Option(names = "--cfn-lint", paramLabel = "MODE", defaultValue = "${sys:preflight.cfnLint:-auto}",
            description = "Run cfn-lint on the CloudFormation inputs: auto (default: when cfn-lint is on PATH or "
                    + "PREFLIGHT_CFN_LINT names it), on (required: its absence is an error, exit 2) or off.")
    String cfnLint = "auto";

    @Option(names = "--cfn-lint-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Stop cfn-lint after this many seconds (an error, exit 2). Default: 120.")
    long cfnLintTimeout = 120;

    CompanionSettings settings(Map<String, String> environment) {
        if (cfnLintTimeout <= 0) {
            throw new IllegalArgumentException("--cfn-lint-timeout must be a positive number of seconds");
        }
        CompanionSettings base = CompanionSettings.none();
        return new CompanionSettings(CfnLintMode.parse(cfnLint), java.time.Duration.ofSeconds(cfnLintTimeout),
                base.policyDirs(), base.opaUrl(), base.opaTimeout(), environment);
    }
}
