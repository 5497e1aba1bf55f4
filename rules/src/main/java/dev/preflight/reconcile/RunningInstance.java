package dev.preflight.reconcile;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance of a saved {@code aws ec2 describe-instances} output ({@code Reservations[].Instances[]}).
 *
 * @param ownerId the reservation's {@code OwnerId} (the account), or null
 * @param state   {@code State.Name} (running, stopped, terminated, ...), or null
 * @param tags    {@code Tags[]} as key to value
 */
public record RunningInstance(String instanceId, String ownerId, String state, String instanceType,
                              String vpcId, String subnetId, String imageId, Map<String, String> tags,
                              String source) {
    public static final String STACK_NAME = "aws:cloudformation:stack-name";
    public static final String LOGICAL_ID = "aws:cloudformation:logical-id";
    public static final String GROUP_NAME = "aws:autoscaling:groupName";

    public RunningInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        tags = Map.copyOf(tags);
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }
}
