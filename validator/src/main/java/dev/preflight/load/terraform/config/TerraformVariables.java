package dev.preflight.load.terraform.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Variable values given to a configuration-only check: {@code --var-file FILE} files and {@code --var NAME=VALUE}
 * values in command-line order, and the environment ({@code TF_VAR_name}).
 */
public record TerraformVariables(List<Path> files, Map<String, String> values, Map<String, String> environment) {
    public TerraformVariables {
        files = List.copyOf(files);
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        environment = Map.copyOf(environment);
    }

    public static TerraformVariables none() {
        return new TerraformVariables(List.of(), Map.of(), Map.of());
    }
}
