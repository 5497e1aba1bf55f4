package dev.preflight.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the user gave the loaders: CloudFormation parameter values ({@code --parameter KEY=VALUE}, which win
 * over {@code Default}), the pseudo parameters {@code AWS::Region}/{@code AWS::AccountId}, and Terraform variable
 * values for configuration checked without a plan ({@code --var-file FILE}, {@code --var NAME=VALUE}).
 */
public record LoadOptions(Map<String, String> parameters, Optional<String> region, Optional<String> account,
                          List<Path> terraformVarFiles, Map<String, String> terraformVars) {
    public LoadOptions {
        parameters = Map.copyOf(parameters);
        terraformVarFiles = List.copyOf(terraformVarFiles);
        terraformVars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terraformVars));
    }

    public LoadOptions(Map<String, String> parameters, Optional<String> region, Optional<String> account) {
        this(parameters, region, account, List.of(), Map.of());
    }

    public static LoadOptions none() {
        return new LoadOptions(Map.of(), Optional.empty(), Optional.empty());
    }
}
