package dev.preflight.load.terraform;

import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Prints what the loader makes of plan files: {@code PlanDump plan.json...} (a development aid). */
public final class PlanDump {
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            LoadedInputs li = new TerraformPlanLoader(LoadOptions.none())
                    .load(List.of(SourceFiles.read(Path.of(a), a)));
            li.failures().forEach(f -> System.out.println("FAILURE " + f.oneLine()));
            for (Resource r : li.resources()) {
                System.out.println(r.id() + " (" + r.type() + (r.dataSource() ? ", data" : "") + ") @" + r.location());
                for (Map.Entry<String, Value> e : r.properties().fields().entrySet()) {
                    System.out.println("    " + e.getKey() + " = " + show(e.getValue()));
                }
            }
        }
    }

    static String show(Value v) {
        if (v instanceof Value.Reference r) {
            return "Ref(" + r.target().id() + "." + r.attribute() + " -> " + show(r.resolved()) + ")";
        }
        if (v instanceof Value.Unknown u) {
            return "Unknown(" + u.reason() + ": " + u.describe() + ")";
        }
        if (v instanceof Value.Seq s) {
            return "[" + String.join(", ", s.items().stream().map(PlanDump::show).toList()) + "]";
        }
        if (v instanceof Value.Struct s) {
            StringBuilder sb = new StringBuilder("{");
            s.fields().forEach((k, x) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(show(x)));
            return sb.append('}').toString();
        }
        return v.display();
    }
}
