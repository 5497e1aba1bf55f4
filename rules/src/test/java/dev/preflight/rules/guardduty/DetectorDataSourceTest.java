package dev.preflight.rules.guardduty;

import dev.preflight.model.Dialect;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.RunSettings;
import dev.preflight.rule.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GD011 on {@code data.aws_guardduty_detector}: a plan that reads the account's existing detector (real plans read
 * it from AWS, which fixtures cannot do offline, so the resources are built here as the Terraform loader builds them).
 */
class DetectorDataSourceTest {
    private static final String PLAN = "plan.json";
    private static final SourceLocation AT = new SourceLocation(PLAN, 10, 3);

    private static Value text(String s) {
        return new Value.Text(s, AT);
    }

    private static Value struct(Object... kv) {
        Map<String, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Value) kv[i + 1]);
        }
        return new Value.Struct(m, AT);
    }

    private static Resource resource(String id, String type, boolean data, Value.Struct props) {
        return new Resource(new ResourceKey(PLAN, id), type, Dialect.TERRAFORM, props, AT, null, null, null, data);
    }

    private static List<RuleResult> run(Value features, Resource... more) {
        List<Resource> rs = new ArrayList<>();
        rs.add(resource("data.aws_guardduty_detector.current", "aws_guardduty_detector", true,
                (Value.Struct) struct("id", text("12abc34d567e8fa901bc2d34e56789f0"), "status", text("ENABLED"),
                        "features", features)));
        rs.add(resource("aws_instance.app", "aws_instance", false, (Value.Struct) struct("ami", text("ami-0abcdef1234567890"))));
        rs.addAll(List.of(more));
        ResourceGraph g = new ResourceGraph(List.of(new InputDocument(PLAN, InputFormat.TERRAFORM_PLAN)), rs);
        return new DetectorRuntimeMonitoringRule().evaluate(new RuleContext(g, RunSettings.defaults()));
    }

    @Test
    void theAccountsDetectorAsReadDecides() {
        Value enabled = new Value.Seq(List.of(struct("name", text("RUNTIME_MONITORING"), "status", text("ENABLED"),
                "additional_configuration", new Value.Seq(List.of(struct("name", text("EC2_AGENT_MANAGEMENT"),
                        "status", text("ENABLED"))), AT))), AT);
        Value disabled = new Value.Seq(List.of(struct("name", text("RUNTIME_MONITORING"), "status", text("DISABLED"))), AT);

        assertThat(run(enabled)).singleElement().extracting(RuleResult::verdict).isEqualTo(Verdict.PASS);
        assertThat(run(disabled)).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(r.subject().id()).isEqualTo("data.aws_guardduty_detector.current");
        });
    }

    @Test
    void aFeatureResourceOfThePlanOverridesWhatWasRead() {
        Value disabled = new Value.Seq(List.of(struct("name", text("RUNTIME_MONITORING"), "status", text("DISABLED"))), AT);
        Resource feature = resource("aws_guardduty_detector_feature.runtime", "aws_guardduty_detector_feature", false,
                (Value.Struct) struct("detector_id", new Value.Reference(new ResourceKey(PLAN, "data.aws_guardduty_detector.current"),
                                "id", text("12abc34d567e8fa901bc2d34e56789f0"), AT),
                        "name", text("RUNTIME_MONITORING"), "status", text("ENABLED"),
                        "additional_configuration", new Value.Seq(List.of(struct("name", text("EC2_AGENT_MANAGEMENT"),
                                "status", text("ENABLED"))), AT)));

        assertThat(run(disabled, feature)).singleElement().extracting(RuleResult::verdict).isEqualTo(Verdict.PASS);
    }

    @Test
    void featuresOfADetectorOutsideTheInputsAreJudgedForTheInput() {
        Resource feature = resource("aws_guardduty_detector_feature.runtime", "aws_guardduty_detector_feature", false,
                (Value.Struct) struct("detector_id", text("12abc34d567e8fa901bc2d34e56789f0"),
                        "name", text("RUNTIME_MONITORING"), "status", text("ENABLED")));
        Resource app = resource("aws_instance.app", "aws_instance", false, (Value.Struct) struct("ami", text("ami-0abcdef1234567890")));
        ResourceGraph g = new ResourceGraph(List.of(new InputDocument(PLAN, InputFormat.TERRAFORM_PLAN)), List.of(feature, app));

        List<RuleResult> r = new DetectorRuntimeMonitoringRule().evaluate(new RuleContext(g, RunSettings.defaults()));

        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.subject().id()).isEqualTo(PLAN);
            assertThat(x.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(x.message()).contains("aws_guardduty_detector_feature.runtime", "EC2_AGENT_MANAGEMENT", "aws_instance.app");
        });
    }
}
