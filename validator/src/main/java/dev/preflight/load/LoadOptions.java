package dev.preflight.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the user gave the loaders: CloudFormation parameter values ({@code --parameter KEY=VALUE}, which win
 * over {@code Default}), the pseudo parameters {@code AWS::Region}/{@code AWS::AccountId}, and Terraform variable
 * values for configuration checked without a plan ({@code --var-file FILE}, {@code --var NAME=VALUE}), and the
 * folder of the {@code .tf} files a plan was made from when the plan is not in it ({@code --terraform-dir DIR}).
 */
public record LoadOptions(Map<String, String> parameters, Optional<String> region, Optional<String> account,
                          List<Path> terraformVarFiles, Map<String, String> terraformVars,
                          Optional<Path> terraformDir) {
    public LoadOptions {
        parameters = Map.copyOf(parameters);
        java.util.Objects.requireNonNull(terraformDir, "terraformDir");
        terraformVarFiles = List.copyOf(terraformVarFiles);
        terraformVars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terraformVars));
    }

    public LoadOptions(Map<String, String> parameters, Optional<String> region, Optional<String> account) {
        this(parameters, region, account, List.of(), Map.of(), Optional.empty());
    }

    public static LoadOptions none() {
        return new LoadOptions(Map.of(), Optional.empty(), Optional.empty());
    }
}
