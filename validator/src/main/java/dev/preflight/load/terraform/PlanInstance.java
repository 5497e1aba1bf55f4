package dev.preflight.load.terraform;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

/** One resource instance of the plan while it is being read: what the plan says, then the properties built. */
final class PlanInstance {
    final String printed;
    final TerraformAddress address;
    final String type;
    final boolean data;
    final SourceLocation location;
    private final String base;
    /** Module call names and local name, without instance keys: what a configuration address selects. */
    final String configName;
    Value after;
    Value afterUnknown;
    Value afterSensitive;
    Value.Struct properties;
    /** The configuration's {@code for_each} expression, for {@code each.value} references. */
    Value forEach;

    PlanInstance(String printed, TerraformAddress address, String type, boolean data, SourceLocation location) {
        this.printed = printed;
        this.address = address;
        this.type = type;
        this.data = data;
        this.location = location;
        this.base = address == null ? printed : address.modulePath() + "|" + address.localName();
        this.configName = address == null ? null
                : String.join("/", address.moduleNames()) + "|" + address.localName();
    }

    String key() {
        return address == null ? null : address.key();
    }

    /** The resource all instances of which share this: module instance path and local name. */
    String base() {
        return base;
    }
}
