package dev.preflight.coverage;

import dev.preflight.infra.Workload;
import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How many EC2 instances a workload stands for in GuardDuty's statistic (rules.md "Coverage prediction"): an
 * instance counts once; an Auto Scaling group (or EKS node group) counts as its desired capacity, its minimum size
 * when no desired capacity is set; when the capacity is not known before deploy it is the range
 * minimum..maximum size, and when even that is not known it cannot be computed ({@link #low()} null).
 *
 * @param low     the fewest instances, or null when the count cannot be computed
 * @param high    the most instances (equal to {@code low} when the count is exact), or null with {@code low}
 * @param basis   where the count comes from ("instance", "DesiredCapacity 3", "MinSize 2 (no DesiredCapacity)")
 * @param unknown the value that is not known before deploy, named ("DesiredCapacity of AppGroup is unknown
 *                (parameter ...)"), or null when the count is exact
 */
public record InstanceCount(Integer low, Integer high, String basis, String unknown) {
    public InstanceCount {
        if ((low == null) != (high == null) || (low != null && (low < 0 || high < low))) {
            throw new IllegalArgumentException("instance count " + low + ".." + high);
        }
    }

    public static InstanceCount exactly(int n, String basis) {
        return new InstanceCount(n, n, basis, null);
    }

    public boolean computable() {
        return low != null;
    }

    public boolean exact() {
        return low != null && low.equals(high);
    }

    /** "3", "2..6" or "unknown". */
    public String display() {
        if (low == null) {
            return "unknown";
        }
        return exact() ? Integer.toString(low) : low + ".." + high;
    }

    /** As reports show it beside a workload: "1 instance", "3 instances (DesiredCapacity 3)", "2..6 instances (...)". */
    public String describe() {
        String count = display() + (exact() && low == 1 ? " instance" : " instances");
        if ("instance".equals(basis)) {
            return count;
        }
        return count + " (" + (unknown != null ? unknown : basis) + ")";
    }

    /** The count of a workload as GuardDuty will count its instances after deploy. */
    public static InstanceCount of(Workload w) {
        Resource r = w.resource();
        boolean cfn = r.dialect() == Dialect.CLOUDFORMATION;
        return switch (w.kind()) {
            case INSTANCE -> cfn || r.property("count").isAbsent() ? exactly(1, "instance") : counted(r);
            case AUTO_SCALING_GROUP -> cfn
                    ? group(r, r.property("DesiredCapacity"), r.property("MinSize"), r.property("MaxSize"),
                    "DesiredCapacity", "MinSize", "MaxSize")
                    : group(r, r.property("desired_capacity"), r.property("min_size"), r.property("max_size"),
                    "desired_capacity", "min_size", "max_size");
            case EKS_NODE_GROUP -> cfn
                    ? group(r, r.property("ScalingConfig", "DesiredSize"), r.property("ScalingConfig", "MinSize"),
                    r.property("ScalingConfig", "MaxSize"), "ScalingConfig.DesiredSize", "ScalingConfig.MinSize",
                    "ScalingConfig.MaxSize")
                    : group(r, scaling(r, "desired_size"), scaling(r, "min_size"), scaling(r, "max_size"),
                    "scaling_config.desired_size", "scaling_config.min_size", "scaling_config.max_size");
            case ECS_CAPACITY -> fromDesired(w);
        };
    }

    /**
     * A Terraform resource whose {@code count}/{@code for_each} the configuration alone cannot expand: the loader
     * gives the unknown as {@code count}, and how many instances there will be cannot be computed.
     */
    private static InstanceCount counted(Resource r) {
        Value count = r.property("count");
        Optional<Range> n = range(count);
        return n.map(x -> new InstanceCount(x.low, x.high, "count " + x.display(), null))
                .orElseGet(() -> new InstanceCount(null, null, "count", "the number of instances of " + r.id()
                        + " is not known: " + (count instanceof Value.Unknown u ? u.describe() : display(count))));
    }

    private static Value scaling(Resource r, String field) {
        Value block = r.property("scaling_config");
        List<Value> items = block.items();
        return (items.isEmpty() ? block : items.get(0)).at(field);
    }

    /** Other kinds carry a desired capacity on the workload itself. */
    private static InstanceCount fromDesired(Workload w) {
        Optional<Range> d = range(w.desiredCapacity());
        return d.map(x -> new InstanceCount(x.low, x.high, "desired capacity " + x.display(), null))
                .orElseGet(() -> new InstanceCount(null, null, "desired capacity",
                        "the desired capacity of " + w.id() + " is " + display(w.desiredCapacity())));
    }

    private static InstanceCount group(Resource r, Value desired, Value min, Value max, String desiredName,
                                       String minName, String maxName) {
        if (!desired.isAbsent()) {
            Optional<Range> d = range(desired);
            if (d.isPresent()) {
                Range x = d.get();
                return x.exact() ? exactly(x.low, desiredName + " " + x.low)
                        : new InstanceCount(x.low, x.high, desiredName + " " + x.display(),
                        desiredName + " of " + r.id() + " " + display(desired));
            }
            String unknown = desiredName + " of " + r.id() + " is " + display(desired);
            Optional<Range> lo = range(min);
            Optional<Range> hi = range(max);
            if (lo.isPresent() && hi.isPresent() && lo.get().low <= hi.get().high) {
                return new InstanceCount(lo.get().low, hi.get().high, minName + ".." + maxName + " "
                        + lo.get().low + ".." + hi.get().high, unknown);
            }
            List<String> also = new ArrayList<>();
            if (lo.isEmpty()) {
                also.add(minName + " is " + display(min));
            }
            if (hi.isEmpty()) {
                also.add(maxName + " is " + display(max));
            }
            return new InstanceCount(null, null, desiredName, unknown + (also.isEmpty() ? "" : "; " + String.join(", ", also)));
        }
        Optional<Range> lo = range(min);
        if (lo.isPresent()) {
            Range x = lo.get();
            String basis = minName + " " + x.display() + " (no " + desiredName + ")";
            return x.exact() ? exactly(x.low, basis)
                    : new InstanceCount(x.low, x.high, basis, minName + " of " + r.id() + " " + display(min));
        }
        return new InstanceCount(null, null, minName, r.id() + " sets no " + desiredName + " and its " + minName
                + " is " + display(min));
    }

    private static String display(Value v) {
        if (v.isAbsent()) {
            return "not set";
        }
        return v instanceof Value.Conditional ? "decided by a condition (" + v.display() + ")" : v.display();
    }

    private record Range(int low, int high) {
        boolean exact() {
            return low == high;
        }

        String display() {
            return exact() ? Integer.toString(low) : low + ".." + high;
        }
    }

    /** The integers a value may take at deploy (over the branches of undecided conditions), if all are known. */
    private static Optional<Range> range(Value v) {
        if (v.isAbsent()) {
            return Optional.empty();
        }
        Integer lo = null;
        Integer hi = null;
        for (Value.Branch b : v.branches()) {
            Value x = b.value();
            Optional<Long> n = x.integer();
            if (n.isEmpty() || n.get() < 0 || n.get() > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            int i = n.get().intValue();
            lo = lo == null ? i : Math.min(lo, i);
            hi = hi == null ? i : Math.max(hi, i);
        }
        return lo == null ? Optional.empty() : Optional.of(new Range(lo, hi));
    }
}
