package dev.preflight.rules.workload;

import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.Resource;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;
import dev.preflight.rule.RelatedLocation;

import java.util.ArrayList;
import java.util.List;

/** Phrases and related locations shared by the workload rules (GD007, GD009, GD010, GD012, GD014). */
final class WorkloadValues {
    private WorkloadValues() {
    }

    /** Why a value is not known: the loader's phrase, or the referenced resource and attribute. */
    static String whyUnknown(Value v) {
        if (v instanceof Value.Unknown u) {
            return u.describe();
        }
        if (v instanceof Value.Reference r) {
            String target = r.target().id() + (r.attribute() == null ? "" : "." + r.attribute());
            return r.resolved() instanceof Value.Unknown u
                    ? (names(u.origin(), r.target().id()) ? u.describe() : target + ": " + u.describe())
                    : target + " is not known before deploy";
        }
        return v == null ? "no value" : v.display() + " is not known before deploy";
    }

    /** Whether the unknown's phrase already names the referenced resource. */
    private static boolean names(UnknownOrigin o, String target) {
        UnknownOrigin r = o.root();
        return r instanceof UnknownOrigin.AssignedAtDeploy a && target.equals(a.resource())
                || r instanceof UnknownOrigin.OutsideInputs x && target.equals(x.name())
                || r instanceof UnknownOrigin.KnownAfterApply k && target.equals(k.address());
    }

    /** "in launch template AppLt" / "on instance Web": where the value was written. */
    static String where(Workloads ws, Value v, Workload w) {
        Resource r = ws.origin(v).orElse(w.resource());
        return "in " + kindOf(r) + " " + r.displayName();
    }

    static String kindOf(Resource r) {
        return switch (r.type()) {
            case "AWS::EC2::LaunchTemplate", "aws_launch_template" -> "launch template";
            case "AWS::AutoScaling::LaunchConfiguration", "aws_launch_configuration" -> "launch configuration";
            case "AWS::AutoScaling::AutoScalingGroup", "aws_autoscaling_group" -> "Auto Scaling group";
            case "AWS::EKS::Nodegroup", "aws_eks_node_group" -> "node group";
            case "AWS::EC2::Instance", "aws_instance" -> "instance";
            default -> r.type();
        };
    }

    /** Related locations: the value where it is written, and the launch template of a group. */
    static List<RelatedLocation> related(Workloads ws, Workload w, Value v, String what) {
        List<RelatedLocation> out = new ArrayList<>();
        if (v != null && v.location() != null) {
            String owner = ws.origin(v).map(Resource::id).orElse(w.id());
            out.add(new RelatedLocation(owner, v.location(), what));
        }
        if (w.launchTemplate() != null) {
            out.add(RelatedLocation.of(w.launchTemplate(), kindOf(w.launchTemplate()) + " of " + w.id()));
        }
        return out;
    }

    /** "Auto Scaling group AppAsg (desired capacity 2)" / "instance Web". */
    static String describe(Workload w) {
        String base = kindOf(w.resource()) + " " + w.resource().displayName();
        if (w.desiredCapacity() != null && w.desiredCapacity().integer().isPresent()) {
            base += " (desired capacity " + w.desiredCapacity().integer().get() + ")";
        }
        return base;
    }
}
