package dev.preflight.infra.network;

import dev.preflight.model.ResourceGraph;

/** Network ACLs of the inputs, their entries and subnet associations (filled in by the GD004 work). */
public final class NetworkAcls {
    NetworkAcls(NetworkView view, ResourceGraph graph) {
    }
}
