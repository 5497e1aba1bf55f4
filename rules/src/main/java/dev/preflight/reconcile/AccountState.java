package dev.preflight.reconcile;

import java.util.List;
import java.util.Map;

/**
 * What the account reports, as read from the saved files: the EC2 (and other) coverage resources, the instances,
 * the Terraform state resources, the optional event, and how the user links instances to the code.
 *
 * @param matchTags tag keys whose value on an instance equals the value the code gives that tag
 *                  ({@code --match-tag Name})
 * @param stacks    CloudFormation stack name to the input file of its template ({@code --stack NAME=FILE})
 */
public record AccountState(List<ConsoleResource> coverage, List<RunningInstance> instances,
                           List<StateResource> state, CoverageEvent event, List<String> matchTags,
                           Map<String, String> stacks) {
    public AccountState {
        coverage = List.copyOf(coverage);
        instances = List.copyOf(instances);
        state = List.copyOf(state);
        matchTags = List.copyOf(matchTags);
        stacks = Map.copyOf(stacks);
    }
}
