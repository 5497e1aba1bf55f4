package dev.preflight.engine;

import dev.preflight.config.PreflightConfig;
import dev.preflight.load.LoadOptions;
import dev.preflight.rule.RunSettings;

import java.nio.file.Path;
import java.util.List;

/** Everything one {@code preflight check} needs: the paths, SCP files, options, settings and configuration. */
public record RunRequest(List<Path> paths, List<Path> scpFiles, Path workingDirectory, LoadOptions loadOptions,
                         RunSettings settings, PreflightConfig config) {
    public RunRequest {
        paths = List.copyOf(paths);
        scpFiles = List.copyOf(scpFiles);
    }
}
