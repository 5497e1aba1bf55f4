package dev.preflight.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything said about a rule, declared once in the rule's class with {@link #rule(String)} and named setters:
 * it drives {@code preflight rules}, {@code preflight explain}, the generated {@code docs/rules/GDnnn.md} pages,
 * every report format, the coverage prediction and the CI shard planner. A built-in rule's rationale and fixes
 * are written in {@code GDnnn.md} beside its class and attached by the validator ({@link #withText}); tools'
 * findings (cfn-lint, OPA) bring their own text.
 *
 * <p>What a failure does to GuardDuty's console is said by exactly one of {@link Builder#unhealthy},
 * {@link Builder#excludes} or {@link Builder#changesNoStatus}.
 */
public final class RuleMetadata {
    private final String id;
    private final String title;
    private final Severity defaultSeverity;
    private final ConsoleEffect unhealthy;
    private final ConsoleEffect withCustomerEndpoint;
    private final List<ConsoleEffect> alsoShownAs;
    private final ConsoleEffect excludes;
    private final String noStatusChange;
    private final String assumedWhenUnknown;
    private final boolean judgesCustomerEndpoints;
    private final List<String> acrossRunTypes;
    private final List<String> tags;
    private final String documentationUrl;
    /** Where the rationale and fixes come from; read on first use, since most runs (a pre-commit text report)
     * never show them. */
    private final Supplier<RuleText> textSource;
    private RuleText text;
    private boolean textRead;

    private RuleMetadata(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.title = Objects.requireNonNull(b.title, id + ": title");
        this.defaultSeverity = Objects.requireNonNull(b.severity, id + ": severity");
        int effects = (b.unhealthy != null ? 1 : 0) + (b.excludes != null ? 1 : 0) + (b.noStatusChange != null ? 1 : 0);
        if (effects > 1) {
            throw new IllegalArgumentException(id + ": a failure is unhealthy, an exclusion or no status change, not several");
        }
        if (b.unhealthy == null && (b.withCustomerEndpoint != null || !b.alsoShownAs.isEmpty())) {
            throw new IllegalArgumentException(id + ": other console effects need the unhealthy one first");
        }
        this.unhealthy = b.unhealthy;
        this.withCustomerEndpoint = b.withCustomerEndpoint;
        this.alsoShownAs = List.copyOf(b.alsoShownAs);
        this.excludes = b.excludes;
        this.noStatusChange = b.noStatusChange;
        this.assumedWhenUnknown = b.assumedWhenUnknown;
        this.judgesCustomerEndpoints = b.judgesCustomerEndpoints;
        this.acrossRunTypes = List.copyOf(b.acrossRunTypes);
        this.tags = List.copyOf(b.tags);
        this.documentationUrl = b.documentationUrl;
        this.textSource = b.textSource;
    }

    /** Starts the declaration of rule {@code id}. */
    public static Builder rule(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The console effect of a FAIL at error on the workloads it concerns, or null when it makes none unhealthy. */
    public ConsoleEffect unhealthy() {
        return unhealthy;
    }

    /**
     * The console effect instead when the workload's VPC has a guardduty-data endpoint of the customer's, which
     * GuardDuty reuses rather than creating its own (prerequisites 1.2, 1.4); null when it is the same.
     */
    public ConsoleEffect withCustomerEndpoint() {
        return withCustomerEndpoint;
    }

    /** The effect for a workload: {@link #withCustomerEndpoint()} when GuardDuty reuses a customer endpoint there. */
    public ConsoleEffect unhealthy(boolean customerEndpoint) {
        return customerEndpoint && withCustomerEndpoint != null ? withCustomerEndpoint : unhealthy;
    }

    /** Other issue types the console shows for the same failure (an OS's architecture: SSM association execution). */
    public List<ConsoleEffect> alsoShownAs() {
        return alsoShownAs;
    }

    /** For a rule that decides a workload's exclusion from Runtime Monitoring: what the console shows for it. */
    public ConsoleEffect excludes() {
        return excludes;
    }

    /** For a rule whose failure changes no console status: what it prevents instead. */
    public String noStatusChange() {
        return noStatusChange;
    }

    /**
     * The prediction's assumption that stands in for this rule's UNKNOWN (no detector in the inputs: Runtime
     * Monitoring is assumed on); null when an UNKNOWN makes the prediction Unknown. A FAIL still counts.
     */
    public String assumedWhenUnknown() {
        return assumedWhenUnknown;
    }

    /**
     * Whether the subjects of this rule are the customer's guardduty-data endpoints: a PASS or FAIL about one shows
     * that the VPC has an endpoint GuardDuty reuses.
     */
    public boolean judgesCustomerEndpoints() {
        return judgesCustomerEndpoints;
    }

    /** Whether the rule reads across the inputs of the run (a detector, SCPs, EventBridge rules apply to all). */
    public boolean readsAcrossRun() {
        return !acrossRunTypes.isEmpty();
    }

    /** The resource types (CloudFormation and Terraform) this rule reads from every input of the run. */
    public List<String> acrossRunTypes() {
        return acrossRunTypes;
    }

    public List<String> tags() {
        return tags;
    }

    public String documentationUrl() {
        return documentationUrl;
    }

    /** The rationale and fixes; null until attached (a built-in rule's come from its GDnnn.md). */
    public synchronized RuleText text() {
        if (!textRead) {
            text = textSource == null ? null : textSource.get();
            textRead = true;
        }
        return text;
    }

    public String rationale() {
        RuleText t = text();
        return t == null ? null : t.rationale();
    }

    public String fixCloudFormation() {
        RuleText t = text();
        return t == null ? null : t.fixCloudFormation();
    }

    public String fixCdk() {
        RuleText t = text();
        return t == null ? null : t.fixCdk();
    }

    public String fixTerraform() {
        RuleText t = text();
        return t == null ? null : t.fixTerraform();
    }

    /** The console's words for what a failure leads to, for people (reports and docs); null when none is said. */
    public String coverageIssue() {
        if (unhealthy != null) {
            StringBuilder sb = new StringBuilder(unhealthy.display());
            for (ConsoleEffect e : alsoShownAs) {
                sb.append(" / ").append(e.display());
            }
            if (withCustomerEndpoint != null) {
                sb.append(" (").append(withCustomerEndpoint.display())
                        .append(" when the VPC has your own guardduty-data endpoint, which GuardDuty reuses)");
            }
            return sb.toString();
        }
        return excludes != null ? excludes.display() : noStatusChange;
    }

    /** The same metadata with this rationale and these fixes. */
    public RuleMetadata withText(RuleText t) {
        return withText(() -> t);
    }

    /** The same metadata with the rationale and fixes {@code source} gives when they are first asked for. */
    public RuleMetadata withText(Supplier<RuleText> source) {
        Builder b = toBuilder();
        b.textSource = source;
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(id).title(title).severity(defaultSeverity);
        b.unhealthy = unhealthy;
        b.withCustomerEndpoint = withCustomerEndpoint;
        b.alsoShownAs.addAll(alsoShownAs);
        b.excludes = excludes;
        b.noStatusChange = noStatusChange;
        b.assumedWhenUnknown = assumedWhenUnknown;
        b.judgesCustomerEndpoints = judgesCustomerEndpoints;
        b.acrossRunTypes.addAll(acrossRunTypes);
        b.tags.addAll(tags);
        b.documentationUrl = documentationUrl;
        b.textSource = textSource;
        return b;
    }

    /** A value: equal when everything said about the rule is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RuleMetadata m && fields().equals(m.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    private List<Object> fields() {
        return java.util.Arrays.asList(id, title, defaultSeverity, unhealthy, withCustomerEndpoint, alsoShownAs, excludes,
                noStatusChange, assumedWhenUnknown, judgesCustomerEndpoints, acrossRunTypes, tags, documentationUrl, text());
    }

    @Override
    public String toString() {
        return "RuleMetadata[" + id + " " + title + "]";
    }

    public RuleResult pass(Subject subject, String message, RelatedLocation... related) {
        return new RuleResult(id, Verdict.PASS, defaultSeverity, subject, message, null, List.of(related), null);
    }

    public RuleResult fail(Subject subject, String message, RelatedLocation... related) {
        return fail(subject, defaultSeverity, message, related);
    }

    /** A failure at a severity other than the default (GD007 near misses are warnings). */
    public RuleResult fail(Subject subject, Severity severity, String message, RelatedLocation... related) {
        return new RuleResult(id, Verdict.FAIL, severity, subject, message, null, List.of(related), null);
    }

    /** {@code reason}: the missing value and its origin ("parameter VpcId has no value or default"). */
    public RuleResult unknown(Subject subject, String message, String reason, RelatedLocation... related) {
        return new RuleResult(id, Verdict.UNKNOWN, defaultSeverity, subject, message, reason, List.of(related), null);
    }

    public RuleResult notApplicable(Subject subject, String message) {
        return new RuleResult(id, Verdict.NOT_APPLICABLE, defaultSeverity, subject, message, null, List.of(), null);
    }

    /** A rule's rationale and its fixes per format, as Markdown. */
    public record RuleText(String rationale, String fixCloudFormation, String fixCdk, String fixTerraform) {
    }

    /** Named setters for a rule's metadata; {@link #build()} checks what belongs together. */
    public static final class Builder {
        private final String id;
        private String title;
        private Severity severity;
        private ConsoleEffect unhealthy;
        private ConsoleEffect withCustomerEndpoint;
        private final List<ConsoleEffect> alsoShownAs = new ArrayList<>();
        private ConsoleEffect excludes;
        private String noStatusChange;
        private String assumedWhenUnknown;
        private boolean judgesCustomerEndpoints;
        private final List<String> acrossRunTypes = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private String documentationUrl;
        private Supplier<RuleText> textSource;

        private Builder(String id) {
            this.id = id;
        }

        public Builder title(String t) {
            this.title = t;
            return this;
        }

        public Builder severity(Severity s) {
            this.severity = s;
            return this;
        }

        /** A FAIL at error makes the workloads it concerns Unhealthy with this issue, stopping at {@code stage}. */
        public Builder unhealthy(ConsoleEffect.Stage stage, String issueType, String message) {
            this.unhealthy = new ConsoleEffect(issueType, message, stage);
            return this;
        }

        /** The issue instead when GuardDuty reuses the customer's guardduty-data endpoint of the workload's VPC. */
        public Builder withCustomerEndpoint(ConsoleEffect.Stage stage, String issueType, String message) {
            this.withCustomerEndpoint = new ConsoleEffect(issueType, message, stage);
            return this;
        }

        /** Another issue the console shows for the same failure. */
        public Builder alsoShownAs(String issueType, String message) {
            this.alsoShownAs.add(new ConsoleEffect(issueType, message, unhealthy == null ? null : unhealthy.stage()));
            return this;
        }

        /** The rule decides which workloads are excluded from Runtime Monitoring; the console shows them so. */
        public Builder excludes(String issueType, String message) {
            this.excludes = new ConsoleEffect(issueType, message, ConsoleEffect.Stage.PROVISIONING);
            return this;
        }

        /** A failure changes no console status; {@code prevents} says what it prevents instead. */
        public Builder changesNoStatus(String prevents) {
            this.noStatusChange = prevents;
            return this;
        }

        /** The assumption the prediction makes when this rule is UNKNOWN. */
        public Builder assumedWhenUnknown(String assumption) {
            this.assumedWhenUnknown = assumption;
            return this;
        }

        /** Its subjects are the customer's guardduty-data endpoints (see {@link RuleMetadata#judgesCustomerEndpoints}). */
        public Builder judgesCustomerEndpoints() {
            this.judgesCustomerEndpoints = true;
            return this;
        }

        /** The rule reads resources of these types from every input of the run. */
        public Builder readsAcrossRun(String... resourceTypes) {
            this.acrossRunTypes.addAll(List.of(resourceTypes));
            return this;
        }

        public Builder tags(String... t) {
            this.tags.addAll(List.of(t));
            return this;
        }

        public Builder documentation(String url) {
            this.documentationUrl = url;
            return this;
        }

        /** Rationale and fixes given inline (tools' findings; built-in rules write them in GDnnn.md). */
        public Builder text(String rationale, String fixCloudFormation, String fixCdk, String fixTerraform) {
            RuleText t = new RuleText(rationale, fixCloudFormation, fixCdk, fixTerraform);
            this.textSource = () -> t;
            return this;
        }

        public RuleMetadata build() {
            return new RuleMetadata(this);
        }
    }
}
