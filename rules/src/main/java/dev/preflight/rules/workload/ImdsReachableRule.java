package dev.preflight.rules.workload;

import dev.preflight.infra.Workload;
import dev.preflight.infra.Workloads;
import dev.preflight.model.Value;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.Rule;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.ConsoleEffect;
import dev.preflight.rule.ConsoleEffect.Stage;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * GD009: the instance metadata service must answer, because the agent reads the instance identity document from it.
 * {@code HttpEndpoint: disabled} (instance, launch template or launch configuration; Terraform
 * {@code metadata_options.http_endpoint}) fails; absent means the AWS default, enabled. {@code HttpTokens: required}
 * (IMDSv2 only) is fine.
 */
public final class ImdsReachableRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD009")
            .title("Instance metadata reachable")
            .severity(Severity.ERROR)
            .unhealthy(Stage.PROVISIONING, ConsoleEffect.AGENT_NOT_PROVISIONED, "Unable to retrieve instance identity document")
            .tags("ec2", "imds")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/gdu-assess-coverage-ec2.html")
            .build();

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext context) {
        Workloads ws = context.view(Workloads.class, Workloads::build);
        List<RuleResult> out = new ArrayList<>();
        for (Workload w : ws.all()) {
            Value endpoint = w.httpEndpoint();
            String who = WorkloadValues.describe(w);
            String where = WorkloadValues.where(ws, endpoint, w);
            List<RelatedLocation> related = WorkloadValues.related(ws, w, endpoint, "MetadataOptions.HttpEndpoint");
            out.add(Judgement.decide(METADATA, w, Subject.of(w.resource()), related,
                    s -> judge(where, who, s.pick(endpoint))));
        }
        return out;
    }

    private static Judgement judge(String where, String who, Value v) {
        if (v.isAbsent()) {
            return Judgement.pass(who + ": HttpEndpoint is not set, so the instance metadata service is enabled "
                    + "(AWS default; an account-level instance metadata default could change this)");
        }
        var text = v.text();
        if (text.isEmpty()) {
            return Judgement.unknown(who + ": HttpEndpoint " + where + " is not known before deploy",
                    "MetadataOptions.HttpEndpoint " + where + ": " + WorkloadValues.whyUnknown(v));
        }
        String s = text.get().trim().toLowerCase(Locale.ROOT);
        if (s.equals("disabled")) {
            return Judgement.fail(who + ": HttpEndpoint is disabled " + where
                    + "; the GuardDuty agent cannot read the instance identity document");
        }
        if (s.equals("enabled")) {
            return Judgement.pass(who + ": HttpEndpoint is enabled " + where);
        }
        return Judgement.unknown(who + ": HttpEndpoint " + where + " is '" + text.get()
                        + "', neither enabled nor disabled",
                "MetadataOptions.HttpEndpoint " + where + " has the value '" + text.get() + "' that AWS does not define");
    }
}
