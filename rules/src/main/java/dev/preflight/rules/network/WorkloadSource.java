package dev.preflight.rules.network;

import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.rule.RuleContext;

import java.util.List;

/** Where the network rules get the run's workloads: the shared workload view. */
final class WorkloadSource {
    private WorkloadSource() {
    }

    static List<Workload> of(RuleContext ctx) {
        return ctx.view(Workloads.class, Workloads::build).all();
    }
}
