package dev.preflight.reconcile;

import dev.preflight.infra.LaunchTag;
import dev.preflight.infra.Workload;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Links a running instance to the workload of the code that makes it, by the evidence AWS leaves on the instance
 * and the state the user saved, strongest first: a Terraform state resource with the instance's id; the
 * CloudFormation tags {@code aws:cloudformation:logical-id} (+ {@code stack-name}); the Auto Scaling group name
 * {@code aws:autoscaling:groupName} (a literal group name in the code, or a state resource); then the tags the
 * user names ({@code --match-tag}). Several candidates and no way to choose is no link, said as such.
 */
final class InstanceLinks {
    /** A link, or (workload null) why there is none. */
    record Link(Workload workload, String how) {
    }

    /** The tag EKS puts on a managed node group's instances. */
    static final String NODE_GROUP = "eks:nodegroup-name";

    private final List<Workload> workloads;
    private final Map<String, StateResource> stateById = new HashMap<>();
    private final Map<String, StateResource> stateByGroupName = new HashMap<>();
    private final AccountState account;

    InstanceLinks(List<Workload> workloads, AccountState account) {
        this.workloads = workloads;
        this.account = account;
        for (StateResource s : account.state()) {
            if ("aws_instance".equals(s.type()) && s.id() != null) {
                stateById.putIfAbsent(s.id(), s);
            } else if ("aws_autoscaling_group".equals(s.type()) && s.name() != null) {
                stateByGroupName.putIfAbsent(s.name(), s);
            }
        }
    }

    Link link(String instanceId, RunningInstance instance) {
        StateResource byId = stateById.get(instanceId);
        if (byId != null) {
            Optional<Workload> w = byAddress(byId.address());
            if (w.isPresent()) {
                return new Link(w.get(), "Terraform state " + byId.source() + ": " + byId.address() + " has id " + instanceId);
            }
        }
        if (instance == null) {
            return new Link(null, "not in describe-instances: its tags are unknown");
        }
        List<String> tried = new ArrayList<>();
        Optional<String> logicalId = instance.tag(RunningInstance.LOGICAL_ID);
        Optional<String> stack = instance.tag(RunningInstance.STACK_NAME);
        if (logicalId.isPresent()) {
            Link l = byLogicalId(logicalId.get(), stack.orElse(null));
            if (l.workload() != null) {
                return l;
            }
            tried.add(l.how());
        }
        Optional<String> group = instance.tag(RunningInstance.GROUP_NAME);
        if (group.isPresent()) {
            StateResource s = stateByGroupName.get(group.get());
            if (s != null) {
                Optional<Workload> w = byAddress(s.address());
                if (w.isPresent()) {
                    return new Link(w.get(), "tag " + RunningInstance.GROUP_NAME + "=" + group.get() + " is "
                            + s.address() + " in Terraform state " + s.source());
                }
            }
            List<Workload> named = workloads.stream().filter(w -> w.kind() == Workload.Kind.AUTO_SCALING_GROUP
                    && groupName(w.resource()).map(group.get()::equals).orElse(false)).toList();
            if (named.size() == 1) {
                return new Link(named.get(0), "tag " + RunningInstance.GROUP_NAME + "=" + group.get()
                        + " is the group name " + named.get(0).id() + " sets");
            }
            if (named.size() > 1) {
                tried.add("Auto Scaling group name " + group.get() + " is set by " + ids(named));
            }
        }
        Optional<String> nodeGroup = instance.tag(NODE_GROUP);
        if (nodeGroup.isPresent()) {
            List<Workload> named = workloads.stream().filter(w -> w.kind() == Workload.Kind.EKS_NODE_GROUP
                    && nodeGroupName(w.resource()).map(nodeGroup.get()::equals).orElse(false)).toList();
            if (named.size() == 1) {
                return new Link(named.get(0), "tag " + NODE_GROUP + "=" + nodeGroup.get() + " is the node group name "
                        + named.get(0).id() + " sets");
            }
        }
        for (String key : account.matchTags()) {
            Optional<String> value = instance.tag(key);
            if (value.isEmpty()) {
                continue;
            }
            List<Workload> tagged = workloads.stream().filter(w -> w.tag(key).map(LaunchTag::value)
                    .flatMap(Value::text).map(value.get()::equals).orElse(false)).toList();
            if (tagged.size() == 1) {
                return new Link(tagged.get(0), "tag " + key + "=" + value.get() + " (--match-tag " + key + ")");
            }
            if (tagged.size() > 1) {
                tried.add("tag " + key + "=" + value.get() + " is set by " + ids(tagged) + " (choose a more specific --match-tag)");
            }
        }
        if (!tried.isEmpty()) {
            return new Link(null, String.join("; ", tried));
        }
        if (stack.isPresent()) {
            return new Link(null, "made by CloudFormation stack " + stack.get()
                    + logicalId.map(l -> " (" + l + ")").orElse("") + ", whose template is not among the inputs");
        }
        if (group.isPresent()) {
            return new Link(null, "launched by Auto Scaling group " + group.get() + ", which the inputs do not define"
                    + (account.state().isEmpty() ? " (a Terraform group? add --terraform-state)" : ""));
        }
        return new Link(null, "no CloudFormation, Auto Scaling or Terraform state link"
                + (account.matchTags().isEmpty() ? "" : " and no --match-tag " + String.join(", ", account.matchTags()) + " value")
                + " ties it to the code");
    }

    private Link byLogicalId(String logicalId, String stack) {
        List<Workload> candidates = workloads.stream()
                .filter(w -> w.resource().dialect() == Dialect.CLOUDFORMATION && w.id().equals(logicalId)).toList();
        String how = "tag " + RunningInstance.LOGICAL_ID + "=" + logicalId + (stack == null ? "" : " in stack " + stack);
        if (stack != null && account.stacks().containsKey(stack)) {
            String file = account.stacks().get(stack);
            List<Workload> named = candidates.stream().filter(w -> sameFile(w.resource().input(), file)).toList();
            return named.size() == 1 ? new Link(named.get(0), how + " (--stack " + stack + "=" + file + ")")
                    : new Link(null, how + ": no workload " + logicalId + " in " + file + " (--stack " + stack + ")");
        }
        if (candidates.size() == 1) {
            return new Link(candidates.get(0), how);
        }
        if (candidates.isEmpty()) {
            return new Link(null, stack == null ? how + ": no CloudFormation workload " + logicalId + " among the inputs"
                    : "made by CloudFormation stack " + stack + " (" + logicalId + "), whose template is not among the inputs");
        }
        if (stack != null) {
            List<Workload> byStack = candidates.stream().filter(w -> stackMatches(w.resource(), stack)).toList();
            if (byStack.size() == 1) {
                return new Link(byStack.get(0), how + " (template " + byStack.get(0).resource().input() + ")");
            }
        }
        return new Link(null, how + ": " + ids(candidates) + " all have that logical id; name the stack's template with "
                + "--stack " + (stack == null ? "STACK" : stack) + "=FILE");
    }

    /** The stack name ends with, or equals, the template's name, or is the CDK stack of its construct path. */
    private static boolean stackMatches(Resource r, String stack) {
        String s = stack.toLowerCase(Locale.ROOT);
        if (r.constructPath() != null && r.constructPath().toLowerCase(Locale.ROOT).startsWith(s + "/")) {
            return true;
        }
        String stem = stem(r.input()).toLowerCase(Locale.ROOT);
        return !stem.isEmpty() && (s.equals(stem) || s.endsWith("-" + stem) || s.endsWith("_" + stem) || s.startsWith(stem + "-"));
    }

    private static String stem(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        for (String ext : List.of(".template.json", ".template", ".json", ".yaml", ".yml")) {
            if (name.endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }

    private static boolean sameFile(String input, String given) {
        String a = input.replace('\\', '/');
        String b = given.replace('\\', '/');
        if (b.startsWith("./")) {
            b = b.substring(2);
        }
        return a.equals(b) || a.endsWith("/" + b);
    }

    private Optional<Workload> byAddress(String address) {
        for (Workload w : workloads) {
            if (w.resource().dialect() == Dialect.TERRAFORM && w.id().equals(address)) {
                return Optional.of(w);
            }
        }
        // a counted instance in state (aws_instance.app[1]) against a plan that shows one of them
        String bare = address.replaceAll("\\[[^\\]]*\\]$", "");
        List<Workload> same = workloads.stream().filter(w -> w.resource().dialect() == Dialect.TERRAFORM
                && w.id().replaceAll("\\[[^\\]]*\\]$", "").equals(bare)).toList();
        return same.size() == 1 ? Optional.of(same.get(0)) : Optional.empty();
    }

    private static Optional<String> groupName(Resource r) {
        Value v = r.dialect() == Dialect.TERRAFORM ? r.property("name") : r.property("AutoScalingGroupName");
        return v == null ? Optional.empty() : v.text();
    }

    private static Optional<String> nodeGroupName(Resource r) {
        Value v = r.dialect() == Dialect.TERRAFORM ? r.property("node_group_name") : r.property("NodegroupName");
        return v == null ? Optional.empty() : v.text();
    }

    private static String ids(List<Workload> ws) {
        return String.join(", ", ws.stream().map(w -> w.id() + " (" + w.resource().location() + ")").toList());
    }
}
