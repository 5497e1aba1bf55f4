package dev.preflight.companion;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run uses its companion tools.
 *
 * @param cfnLint        auto, on or off
 * @param cfnLintTimeout how long cfn-lint may run before it is killed and reported as a fault
 * @param policyDirs     directories (or files) of {@code .rego} policies; empty: OPA is not used
 * @param opaUrl         an OPA server to use instead of starting one
 * @param opaTimeout     limit for each request to OPA and for its start
 * @param environment    where {@code PATH}, {@code PREFLIGHT_CFN_LINT} and {@code PREFLIGHT_OPA} are read
 * @param cfnLintJobs    how many cfn-lint processes run at once, each over its own batch of templates
 */
public record CompanionSettings(CfnLintMode cfnLint, Duration cfnLintTimeout, List<Path> policyDirs,
                                Optional<URI> opaUrl, Duration opaTimeout, Map<String, String> environment,
                                int cfnLintJobs) {
    public static final Duration DEFAULT_CFN_LINT_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_OPA_TIMEOUT = Duration.ofSeconds(30);

    public CompanionSettings {
        Objects.requireNonNull(cfnLint, "cfnLint");
        Objects.requireNonNull(cfnLintTimeout, "cfnLintTimeout");
        policyDirs = List.copyOf(policyDirs);
        Objects.requireNonNull(opaUrl, "opaUrl");
        Objects.requireNonNull(opaTimeout, "opaTimeout");
        environment = Map.copyOf(environment);
        if (cfnLintJobs < 1) {
            throw new IllegalArgumentException("cfnLintJobs must be at least 1");
        }
    }

    /** As many cfn-lint processes as there are cores. */
    public CompanionSettings(CfnLintMode cfnLint, Duration cfnLintTimeout, List<Path> policyDirs, Optional<URI> opaUrl,
                             Duration opaTimeout, Map<String, String> environment) {
        this(cfnLint, cfnLintTimeout, policyDirs, opaUrl, opaTimeout, environment, defaultJobs());
    }

    public static int defaultJobs() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** No companion at all: what library callers and tests of the built-in rules get. */
    public static CompanionSettings none() {
        return new CompanionSettings(CfnLintMode.OFF, DEFAULT_CFN_LINT_TIMEOUT, List.of(), Optional.empty(),
                DEFAULT_OPA_TIMEOUT, Map.of());
    }

    public CompanionSettings withCfnLint(CfnLintMode mode) {
        return new CompanionSettings(mode, cfnLintTimeout, policyDirs, opaUrl, opaTimeout, environment, cfnLintJobs);
    }

    public CompanionSettings withCfnLintJobs(int jobs) {
        return new CompanionSettings(cfnLint, cfnLintTimeout, policyDirs, opaUrl, opaTimeout, environment, jobs);
    }

    public CompanionSettings withEnvironment(Map<String, String> env) {
        return new CompanionSettings(cfnLint, cfnLintTimeout, policyDirs, opaUrl, opaTimeout, env, cfnLintJobs);
    }
}
