package dev.preflight.engine;

import dev.preflight.companion.CompanionSettings;
import dev.preflight.config.PreflightConfig;
import dev.preflight.load.LoadOptions;
import dev.preflight.rule.RunSettings;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one {@code preflight check} needs: the paths, SCP files, options, settings, configuration and the
 * companion tools (cfn-lint, OPA) to run beside the built-in rules.
 */
public record RunRequest(List<Path> paths, List<Path> scpFiles, Path workingDirectory, LoadOptions loadOptions,
                         RunSettings settings, PreflightConfig config, CompanionSettings companions, Baseline baseline) {
    public RunRequest {
        paths = List.copyOf(paths);
        scpFiles = List.copyOf(scpFiles);
        if (companions == null) {
            companions = CompanionSettings.none();
        }
        if (baseline == null) {
            baseline = Baseline.NONE;
        }
    }

    public RunRequest(List<Path> paths, List<Path> scpFiles, Path workingDirectory, LoadOptions loadOptions,
                      RunSettings settings, PreflightConfig config, CompanionSettings companions) {
        this(paths, scpFiles, workingDirectory, loadOptions, settings, config, companions, Baseline.NONE);
    }

    /**
     * The one way the command line and the CDK checks merge options with the configuration file: values given
     * explicitly ({@code --parameter}, {@code --region}, {@code --account}) win over the file's; the day decides
     * waiver expiry.
     */
    public static RunRequest merged(List<Path> paths, List<Path> scpFiles, Path workingDirectory, PreflightConfig config,
                                    Map<String, String> parameters, Optional<String> region, Optional<String> account,
                                    LocalDate today) {
        Map<String, String> params = new LinkedHashMap<>(config.parameters());
        params.putAll(parameters);
        Optional<String> reg = region.or(config::region);
        Optional<String> acct = account.or(config::account);
        return new RunRequest(paths, scpFiles, workingDirectory, new LoadOptions(params, reg, acct),
                new RunSettings(reg, acct, today), config);
    }

    public RunRequest withBaseline(Baseline b) {
        return new RunRequest(paths, scpFiles, workingDirectory, loadOptions, settings, config, companions, b);
    }

    /** A run with the built-in rules only. */
    public RunRequest(List<Path> paths, List<Path> scpFiles, Path workingDirectory, LoadOptions loadOptions,
                      RunSettings settings, PreflightConfig config) {
        this(paths, scpFiles, workingDirectory, loadOptions, settings, config, CompanionSettings.none());
    }

    public RunRequest withCompanions(CompanionSettings c) {
        return new RunRequest(paths, scpFiles, workingDirectory, loadOptions, settings, config, c, baseline);
    }
}
