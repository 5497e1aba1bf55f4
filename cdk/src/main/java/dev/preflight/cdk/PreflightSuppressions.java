package dev.preflight.cdk;

import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suppressions in the style of cdk-nag's {@code NagSuppressions}: each needs a reason and is written into the
 * CloudFormation {@code Metadata} of the resources it covers ({@code preflight.ignore}), where both
 * {@link PreflightChecks}/{@link PreflightAssertions} and the {@code preflight} CLI (reading {@code cdk.out}) find it.
 *
 * <pre>{@code
 * PreflightSuppressions.addResourceSuppressions(batchHosts, List.of(
 *         new PreflightSuppression("GD007", "runs the vendor EDR agent instead (SEC-1234)")));
 * }</pre>
 */
public final class PreflightSuppressions {
    static final String METADATA_KEY = "preflight";

    private PreflightSuppressions() {
    }

    /**
     * Suppresses on the construct's CloudFormation resource: the construct itself when it is an L1
     * ({@code CfnResource}), else its default child (an L2's {@code Resource}), else its only direct L1 child (an
     * Auto Scaling group's {@code ASG}).
     *
     * @throws IllegalArgumentException when there is no such resource (use {@code applyToChildren})
     */
    public static void addResourceSuppressions(IConstruct construct, List<PreflightSuppression> suppressions) {
        addResourceSuppressions(construct, suppressions, false);
    }

    /** With {@code applyToChildren}, every CloudFormation resource under the construct (the construct included). */
    public static void addResourceSuppressions(IConstruct construct, List<PreflightSuppression> suppressions,
                                               boolean applyToChildren) {
        List<CfnResource> targets = new ArrayList<>();
        if (applyToChildren) {
            for (IConstruct c : construct.getNode().findAll()) {
                if (CfnResource.isCfnResource(c)) {
                    targets.add((CfnResource) c);
                }
            }
        } else if (CfnResource.isCfnResource(construct)) {
            targets.add((CfnResource) construct);
        } else if (construct.getNode().getDefaultChild() != null
                && CfnResource.isCfnResource(construct.getNode().getDefaultChild())) {
            targets.add((CfnResource) construct.getNode().getDefaultChild());
        } else {
            // L2s whose resource is not named Resource/Default (an Auto Scaling group's ASG): the only L1 child
            List<CfnResource> direct = new ArrayList<>();
            for (IConstruct c : construct.getNode().getChildren()) {
                if (CfnResource.isCfnResource(c)) {
                    direct.add((CfnResource) c);
                }
            }
            if (direct.size() == 1) {
                targets.addAll(direct);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(construct.getNode().getPath() + " is not a CloudFormation resource and "
                    + "has no default or single child resource; name the L1, or pass applyToChildren=true to suppress "
                    + "on every resource under it");
        }
        for (CfnResource r : targets) {
            add(r, suppressions);
        }
    }

    /** Suppresses on the resource at a construct path ({@code /MyStack/App/Asg}), as cdk-nag's ...ByPath. */
    public static void addResourceSuppressionsByPath(Stack stack, String path, List<PreflightSuppression> suppressions,
                                                     boolean applyToChildren) {
        String wanted = path.startsWith("/") ? path.substring(1) : path;
        for (IConstruct c : stack.getNode().findAll()) {
            if (c.getNode().getPath().equals(wanted)) {
                addResourceSuppressions(c, suppressions, applyToChildren);
                return;
            }
        }
        throw new IllegalArgumentException("no construct at " + path + " in stack " + stack.getNode().getPath());
    }

    /**
     * Suppresses on every CloudFormation resource of the stack, including resources added after this call (it
     * works through an Aspect, which runs at synth).
     */
    public static void addStackSuppressions(Stack stack, List<PreflightSuppression> suppressions) {
        List<PreflightSuppression> copy = List.copyOf(suppressions);
        Aspects.of(stack).add(new IAspect() {
            @Override
            public void visit(IConstruct node) {
                if (CfnResource.isCfnResource(node) && Stack.of(node).getNode().getPath().equals(stack.getNode().getPath())) {
                    add((CfnResource) node, copy);
                }
            }
        });
    }

    /** Appends to the resource's existing {@code preflight.ignore} list; the same rule id is not added twice. */
    @SuppressWarnings("unchecked")
    private static void add(CfnResource resource, List<PreflightSuppression> suppressions) {
        Map<String, Object> section = new LinkedHashMap<>();
        List<Object> ignore = new ArrayList<>();
        Object existing = resource.getMetadata(METADATA_KEY);
        if (existing instanceof Map<?, ?> m) {
            section.putAll((Map<String, Object>) m);
            if (m.get("ignore") instanceof List<?> l) {
                ignore.addAll(l);
            }
        }
        for (PreflightSuppression s : suppressions) {
            boolean present = ignore.stream().anyMatch(o -> o instanceof Map<?, ?> e && s.id().equals(e.get("id")));
            if (!present) {
                ignore.add(s.toMetadata());
            }
        }
        section.put("ignore", ignore);
        resource.addMetadata(METADATA_KEY, section);
    }
}
