package dev.preflight.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code preflight reconcile} adds to a check: the saved account files and how instances link to the code.
 *
 * @param terraformState {@code terraform show -json} of the state, or null
 * @param event          one coverage EventBridge event, or null
 * @param matchTags      {@code --match-tag KEY}: instance tags whose value equals the value the code gives them
 * @param stacks         {@code --stack NAME=FILE}: the template of a CloudFormation stack
 */
public record ReconcileRequest(List<Path> coverage, List<Path> instances, Path terraformState, Path event,
                               List<String> matchTags, Map<String, String> stacks) {
    public ReconcileRequest {
        coverage = List.copyOf(coverage);
        instances = List.copyOf(instances);
        matchTags = List.copyOf(matchTags);
        stacks = Map.copyOf(stacks);
    }
}
