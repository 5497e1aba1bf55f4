package dev.preflight.rules.network;

import dev.preflight.infra.Workload;
import dev.preflight.infra.network.GroupRef;
import dev.preflight.infra.network.Party;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.model.Resource;
import dev.preflight.rule.RelatedLocation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Words and related locations shared by the network rules (GD002-GD005). */
final class NetworkFindings {
    private NetworkFindings() {
    }

    /** "AppInstance uses AppSg in AppSubnet (10.0.1.0/24)". */
    static String uses(Workload w, Party p) {
        String groups = p.groups().stream().map(GroupRef::display).distinct().collect(Collectors.joining(", "));
        Set<String> places = new LinkedHashSet<>();
        for (Party.Place pl : p.places()) {
            places.add(pl.cidrs().isEmpty() || pl.mode() == Party.Place.Mode.WITHIN ? pl.name()
                    : pl.name() + " (" + pl.cidrs().stream().map(Object::toString).collect(Collectors.joining(", "))
                    + ")");
        }
        return w.id() + " uses " + groups + " in " + String.join(", ", places);
    }

    /** "X is invalid: AWS rejects it and the stack fails": no verdict is built on a value AWS refuses. */
    static String rejected(String problem, Resource in) {
        String fails = in.dialect() == dev.preflight.model.Dialect.TERRAFORM
                ? "terraform apply fails when AWS rejects the rule"
                : "CloudFormation fails to create the rule and rolls the stack back";
        return Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ": AWS rejects this value, so "
                + fails + "; fix the value";
    }

    /** The workload's launch template (for an Auto Scaling group), then the given locations. */
    static RelatedLocation[] related(Workload w, List<RelatedLocation> more) {
        List<RelatedLocation> out = new ArrayList<>();
        if (w.launchTemplate() != null) {
            out.add(RelatedLocation.of(w.launchTemplate(), "launch template of " + w.id()));
        }
        out.addAll(more);
        return out.toArray(RelatedLocation[]::new);
    }

    /** The endpoint and the resources of its security groups. */
    static List<RelatedLocation> endpointLocations(VpcEndpoint e, List<GroupRef> groups) {
        List<RelatedLocation> out = new ArrayList<>();
        out.add(RelatedLocation.of(e.resource(), "GuardDuty data endpoint"));
        for (GroupRef g : groups) {
            if (g.group() != null) {
                out.add(RelatedLocation.of(g.group().resource(), "endpoint security group " + g.display()));
            }
        }
        return out;
    }

    /** Why a value is not known, for UNKNOWN reasons: the unknown's own words, with the reference it came through. */
    static String why(dev.preflight.model.Value v) {
        if (v instanceof dev.preflight.model.Value.Unknown u) {
            return u.describe();
        }
        if (v instanceof dev.preflight.model.Value.Reference r
                && r.resolved() instanceof dev.preflight.model.Value.Unknown u) {
            return u.describe() + " (through " + r.target().id() + (r.attribute() == null ? "" : "." + r.attribute())
                    + ")";
        }
        return v.display();
    }
}
