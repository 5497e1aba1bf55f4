package dev.preflight.rules.network;

import dev.preflight.rule.ConditionalVerdicts;
import dev.preflight.infra.network.Decision;
import dev.preflight.infra.network.NetworkView;
import dev.preflight.rule.Scenario;
import dev.preflight.infra.network.VpcEndpoint;
import dev.preflight.model.Resource;
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
import java.util.Optional;

/**
 * GD005: a guardduty-data endpoint of the inputs is an Interface endpoint with private DNS. Both formats default
 * the type to Gateway (a Gateway guardduty-data endpoint fails to create) and private DNS to false (the agent
 * resolves {@code guardduty-data.<region>.amazonaws.com}, which only private DNS points at the endpoint). A
 * Terraform plan shows an unset {@code private_dns_enabled} as not configured: absent, so false; an
 * {@code aws_vpc_endpoint_private_dns} resource for the endpoint decides instead. CDK writes
 * {@code PrivateDnsEnabled: true}. Endpoints whose service is known not to be guardduty-data get no result; an
 * endpoint whose service name is unknown gets UNKNOWN.
 */
public final class DataEndpointPrivateDnsRule implements Rule {
    static final RuleMetadata METADATA = RuleMetadata.rule("GD005")
            .title("Endpoint is an interface endpoint with private DNS")
            .severity(Severity.ERROR)
            .unhealthy(Stage.ENDPOINT, ConsoleEffect.NO_AGENT_REPORTING, null)
            .judgesCustomerEndpoints()
            .tags("network", "endpoint", "dns")
            .documentation("https://docs.aws.amazon.com/guardduty/latest/ug/creating-vpc-endpoint-ec2-agent-manually.html")
            .build();

    @Override
    public RuleMetadata metadata() {
        return METADATA;
    }

    @Override
    public List<RuleResult> evaluate(RuleContext ctx) {
        NetworkView net = ctx.view(NetworkView.class, NetworkView::build);
        List<RuleResult> out = new ArrayList<>();
        for (VpcEndpoint e : net.endpoints()) {
            List<Scenario.Run<Decision>> kinds = Scenario.explore(s -> net.isDataEndpoint(e, s));
            boolean candidate = kinds == null || kinds.stream().anyMatch(r -> !r.result().no());
            if (candidate) {
                out.add(ConditionalVerdicts.worst(METADATA, Subject.of(e.resource()), s -> check(net, e, s)));
            }
        }
        return out;
    }

    private static RuleResult check(NetworkView net, VpcEndpoint e, Scenario s) {
        Subject subject = Subject.of(e.resource());
        if (!s.exists(e.resource())) {
            return METADATA.notApplicable(subject, "endpoint " + e.id() + " is not created");
        }
        Decision data = net.isDataEndpoint(e, s);
        if (data.no()) {
            return METADATA.notApplicable(subject, "endpoint " + e.id() + " is not a guardduty-data endpoint ("
                    + data.explanation() + ")");
        }
        if (data.unknown()) {
            return METADATA.unknown(subject, "cannot tell whether " + e.id() + " is a guardduty-data endpoint",
                    data.explanation(), RelatedLocation.of(e.resource(), "endpoint"));
        }
        List<RelatedLocation> related = new ArrayList<>();
        // Type: absent = Gateway in both formats.
        Value type = s.pick(e.type());
        String typeText;
        Boolean typeOk;
        String typeUnknown = null;
        if (type.isAbsent()) {
            typeText = e.typeName() + " absent (Gateway, the default)";
            typeOk = false;
        } else if (type.text().isPresent()) {
            String t = type.text().get();
            typeOk = t.trim().equalsIgnoreCase("Interface");
            typeText = e.typeName() + " " + t;
            related.add(new RelatedLocation(e.id(), type.location(), e.typeName()));
        } else {
            typeOk = null;
            typeText = e.typeName() + " unknown";
            typeUnknown = e.typeName() + " of " + e.id() + ": " + NetworkFindings.why(type);
        }
        // Private DNS: an aws_vpc_endpoint_private_dns resource decides when present; absent = false.
        Value dns = s.pick(e.privateDnsEnabled());
        String dnsName = e.privateDnsName();
        for (Resource r : e.privateDnsResources()) {
            if (s.exists(r)) {
                dns = s.pick(r.property("private_dns_enabled"));
                dnsName = r.id() + " private_dns_enabled";
            }
        }
        String dnsText;
        Boolean dnsOk;
        String dnsUnknown = null;
        if (dns.isAbsent()) {
            dnsText = dnsName + " absent (false, the default)";
            dnsOk = false;
        } else {
            Optional<Boolean> b = dns.bool();
            if (b.isPresent()) {
                dnsOk = b.get();
                dnsText = dnsName + " " + b.get();
                related.add(new RelatedLocation(e.id(), dns.location(), dnsName));
            } else {
                dnsOk = null;
                dnsText = dnsName + " unknown";
                dnsUnknown = dnsName + " of " + e.id() + ": " + NetworkFindings.why(dns);
            }
        }
        RelatedLocation[] rel = related.toArray(RelatedLocation[]::new);
        String both = "guardduty-data endpoint " + e.id() + " has " + typeText + " and " + dnsText;
        if (Boolean.FALSE.equals(typeOk) || Boolean.FALSE.equals(dnsOk)) {
            List<String> consequences = new ArrayList<>();
            if (Boolean.FALSE.equals(typeOk)) {
                consequences.add("a guardduty-data endpoint that is not an Interface endpoint fails to create");
            }
            if (Boolean.FALSE.equals(dnsOk)) {
                consequences.add("without private DNS guardduty-data.<region>.amazonaws.com does not resolve to the "
                        + "endpoint");
            }
            String consequence = String.join(", and ", consequences);
            return METADATA.fail(subject, both + ": " + consequence + "; set " + e.typeName()
                    + " to Interface and " + e.privateDnsName() + " to true", rel);
        }
        if (typeOk == null || dnsOk == null) {
            return METADATA.unknown(subject, both, typeUnknown != null ? typeUnknown : dnsUnknown, rel);
        }
        return METADATA.pass(subject, both, rel);
    }
}
