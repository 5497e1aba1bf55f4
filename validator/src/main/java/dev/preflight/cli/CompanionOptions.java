package dev.preflight.cli;

import dev.preflight.companion.CfnLintMode;
import dev.preflight.companion.CompanionSettings;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code check} options for the companion tools: cfn-lint and OPA. */
final class CompanionOptions {
    // the system property preflight.cfnLint changes the default (the build's own tests set it to off)
    @Option(names = "--cfn-lint", paramLabel = "MODE", defaultValue = "${sys:preflight.cfnLint:-auto}",
            description = "Run cfn-lint on the CloudFormation inputs: auto (default: when cfn-lint is on PATH or "
                    + "PREFLIGHT_CFN_LINT names it), on (required: its absence is an error, exit 2) or off.")
    String cfnLint = "auto";

    @Option(names = "--cfn-lint-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Stop a cfn-lint process after this many seconds for each started MiB of templates it "
                    + "checks (an error, exit 2). Default: 120.")
    long cfnLintTimeout = 120;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Run cfn-lint as N processes at once, each over its own batch of templates "
                    + "(results are the same as one process's). Default: the number of cores.")
    int jobs = CompanionSettings.defaultJobs();

    @Option(names = "--policy", paramLabel = "DIR",
            description = "Directory (or file) of Rego policies (package preflight.<name>, deny/warn sets) to "
                    + "evaluate with OPA; repeatable. See docs/opa-input.md.")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--opa-url", paramLabel = "URL",
            description = "Use the OPA server at URL for --policy instead of starting opa (found on PATH or "
                    + "through PREFLIGHT_OPA) on a free loopback port.")
    String opaUrl;

    @Option(names = "--opa-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Limit for OPA's start and for each request to it (an error, exit 2). Default: 30.")
    long opaTimeout = 30;

    CompanionSettings settings(Map<String, String> environment) {
        if (cfnLintTimeout <= 0) {
            throw new IllegalArgumentException("--cfn-lint-timeout must be a positive number of seconds");
        }
        if (jobs <= 0) {
            throw new IllegalArgumentException("--jobs must be a positive number of processes");
        }
        if (opaTimeout <= 0) {
            throw new IllegalArgumentException("--opa-timeout must be a positive number of seconds");
        }
        Optional<URI> url = Optional.empty();
        if (opaUrl != null) {
            try {
                URI u = new URI(opaUrl.strip());
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw new URISyntaxException(opaUrl, "not an http(s) URL with a host");
                }
                url = Optional.of(u);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--opa-url " + opaUrl + " is not an http(s) URL such as "
                        + "http://127.0.0.1:8181");
            }
            if (policies.isEmpty()) {
                throw new IllegalArgumentException("--opa-url needs --policy DIR (the policies to evaluate)");
            }
        }
        return new CompanionSettings(CfnLintMode.parse(cfnLint), Duration.ofSeconds(cfnLintTimeout),
                policies, url, Duration.ofSeconds(opaTimeout), environment, jobs);
    }
}
