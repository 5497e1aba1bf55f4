package dev.preflight.engine;

import dev.preflight.companion.CompanionSettings;
import dev.preflight.config.PreflightConfig;
import dev.preflight.load.LoadOptions;
import dev.preflight.rule.RunSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one {@code preflight check} needs: the paths, SCP files, options, settings, configuration and the
 * companion tools (cfn-lint, OPA) to run beside the built-in rules.
 */
public record RunRequest(List<Path> paths, List<Path> scpFiles, Path workingDirectory, LoadOptions loadOptions,
                         RunSettings settings, PreflightConfig config, CompanionSettings companions) {
    public RunRequest {
        paths = List.copyOf(paths);
        scpFiles = List.copyOf(scpFiles);
        if (companions == null) {
            companions = CompanionSettings.none();
        }
    }

    /** A run with the built-in rules only. */
    public RunRequest(List<Path> paths, List<Path> scpFiles, Path workingDirectory, LoadOptions loadOptions,
                      RunSettings settings, PreflightConfig config) {
        this(paths, scpFiles, workingDirectory, loadOptions, settings, config, CompanionSettings.none());
    }

    public RunRequest withCompanions(CompanionSettings c) {
        return new RunRequest(paths, scpFiles, workingDirectory, loadOptions, settings, config, c);
    }
}
