package dev.preflight.load;

import java.util.Map;
import java.util.Optional;

/**
 * What the user gave the loaders: CloudFormation parameter values ({@code --parameter KEY=VALUE}, which win
 * over {@code Default}) and the pseudo parameters {@code AWS::Region}/{@code AWS::AccountId}.
 */
public record LoadOptions(Map<String, String> parameters, Optional<String> region, Optional<String> account) {
    public LoadOptions {
        parameters = Map.copyOf(parameters);
    }

    public static LoadOptions none() {
        return new LoadOptions(Map.of(), Optional.empty(), Optional.empty());
    }
}
