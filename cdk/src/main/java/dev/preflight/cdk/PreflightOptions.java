package dev.preflight.cdk;

import dev.preflight.config.ConfigException;
import dev.preflight.config.ConfigReader;
import dev.preflight.config.PreflightConfig;
import dev.preflight.rule.Rule;
import dev.preflight.rules.BuiltInRules;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a check knows beyond the synthesized templates, as the CLI's options give it: the region and account for
 * environment-agnostic stacks ({@code --region}/{@code --account}), CloudFormation parameter values, the project
 * configuration ({@code .preflight.yaml}: severities, disabled rules, waivers) and the day waivers expire against.
 * Immutable; every {@code with...} returns a copy.
 */
public record PreflightOptions(Optional<String> region, Optional<String> account, Map<String, String> parameters,
                               PreflightConfig config, LocalDate today) {
    public PreflightOptions {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(today, "today");
    }

    /** No region, account or parameters; the default configuration; today's date. */
    public static PreflightOptions defaults() {
        return new PreflightOptions(Optional.empty(), Optional.empty(), Map.of(), PreflightConfig.defaults(),
                LocalDate.now());
    }

    public PreflightOptions withRegion(String region) {
        return new PreflightOptions(Optional.of(region), account, parameters, config, today);
    }

    public PreflightOptions withAccount(String account) {
        return new PreflightOptions(region, Optional.of(account), parameters, config, today);
    }

    public PreflightOptions withParameter(String name, String value) {
        Map<String, String> p = new HashMap<>(parameters);
        p.put(name, value);
        return new PreflightOptions(region, account, p, config, today);
    }

    public PreflightOptions withConfig(PreflightConfig config) {
        return new PreflightOptions(region, account, parameters, config, today);
    }

    /**
     * Reads a {@code .preflight.yaml} as the CLI does. A bad file is an {@link IllegalArgumentException} naming the
     * line, so a test fails at once rather than checking with half a configuration.
     */
    public PreflightOptions withConfigFile(Path file) {
        try {
            var known = BuiltInRules.all().stream().map(Rule::id).collect(Collectors.toSet());
            return withConfig(new ConfigReader(known).read(file, file.toString()));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The day waivers ({@code expires}) are judged against; tests pass a fixed date to stay stable. */
    public PreflightOptions withToday(LocalDate today) {
        return new PreflightOptions(region, account, parameters, config, today);
    }
}
