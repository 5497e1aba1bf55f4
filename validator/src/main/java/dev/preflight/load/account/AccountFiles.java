package dev.preflight.load.account;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.reconcile.ConsoleResource;
import dev.preflight.reconcile.CoverageEvent;
import dev.preflight.reconcile.RunningInstance;
import dev.preflight.reconcile.StateResource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads what the account reports, saved with the AWS CLI or Terraform (no AWS calls): {@code aws guardduty
 * list-coverage --output json} pages (the CLI's PascalCase or the API's camelCase names; one page per file, a JSON
 * array of pages, or pages written one after the other), {@code aws ec2 describe-instances --output json},
 * {@code terraform show -json} of a state (or a {@code terraform.tfstate}), and one coverage EventBridge event.
 * A file or page of another shape, or of another detector or account, is one failure line; the rest is read.
 */
public final class AccountFiles {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build());

    /** What a reader found, and one line per file or page it could not use. */
    public record Read<T>(List<T> items, List<InputFailure> failures) {
        public Read {
            items = List.copyOf(items);
            failures = List.copyOf(failures);
        }
    }

    private final Function<Path, String> display;

    public AccountFiles(Function<Path, String> display) {
        this.display = display;
    }

    /** The files given, with a directory standing for its {@code *.json} files in name order. */
    public static List<Path> expand(List<Path> given) {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (java.nio.file.Files.isDirectory(p)) {
                try (var s = java.nio.file.Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".json") && java.nio.file.Files.isRegularFile(f))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    out.add(p); // reading it reports the problem
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The coverage resources of every page. The pages must be of one detector (the first page's) and of the
     * expected accounts ({@code --account}, else the accounts of describe-instances, else the first page's).
     */
    public Read<ConsoleResource> coverage(List<Path> files, Set<String> expectedAccounts) {
        List<ConsoleResource> out = new ArrayList<>();
        List<InputFailure> failures = new ArrayList<>();
        String detector = null;
        Set<String> accounts = new LinkedHashSet<>(expectedAccounts);
        for (Path f : files) {
            String name = display.apply(f);
            List<JsonNode> pages;
            try {
                pages = pages(f, name);
            } catch (InputException e) {
                failures.add(e.failure());
                continue;
            }
            for (int i = 0; i < pages.size(); i++) {
                JsonNode page = pages.get(i);
                String where = pages.size() == 1 ? name : name + " page " + (i + 1);
                JsonNode resources = field(page, "Resources", "resources");
                if (resources == null || !resources.isArray()) {
                    failures.add(new InputFailure(name, 0, 0, (pages.size() == 1 ? "" : "page " + (i + 1) + ": ")
                            + notCoverage(page)));
                    continue;
                }
                List<ConsoleResource> read = new ArrayList<>();
                String problem = null;
                for (JsonNode r : resources) {
                    ConsoleResource c = resource(r, where);
                    if (c == null) {
                        problem = "a resource without resourceId, coverageStatus HEALTHY/UNHEALTHY and resourceDetails "
                                + "(the CoverageResource shape of list-coverage)";
                        break;
                    }
                    if (detector == null && c.detectorId() != null) {
                        detector = c.detectorId();
                    }
                    if (c.detectorId() != null && !c.detectorId().equals(detector)) {
                        problem = "detector " + c.detectorId() + ", not " + detector + " of the first page: list-coverage "
                                + "pages of one detector only (one Region, one administrator)";
                        break;
                    }
                    if (accounts.isEmpty() && c.accountId() != null) {
                        accounts.add(c.accountId());
                    }
                    if (c.accountId() != null && !accounts.contains(c.accountId())) {
                        problem = "account " + c.accountId() + ", not " + String.join(" or ", accounts)
                                + (expectedAccounts.isEmpty() ? " of the first page" : " (--account or describe-instances)")
                                + ": save the coverage of the account the code deploys to";
                        break;
                    }
                    read.add(c);
                }
                if (problem != null) {
                    failures.add(new InputFailure(name, 0, 0, (pages.size() == 1 ? "" : "page " + (i + 1) + ": ")
                            + problem + "; page not reconciled"));
                } else {
                    out.addAll(read);
                }
            }
        }
        return new Read<>(out, failures);
    }

    /** The instances of {@code Reservations[].Instances[]} (or a JSON array of instances, as a --query gives). */
    public Read<RunningInstance> instances(List<Path> files) {
        List<RunningInstance> out = new ArrayList<>();
        List<InputFailure> failures = new ArrayList<>();
        for (Path f : files) {
            String name = display.apply(f);
            List<JsonNode> docs;
            try {
                docs = pages(f, name);
            } catch (InputException e) {
                failures.add(e.failure());
                continue;
            }
            for (JsonNode doc : docs) {
                if (doc.isObject() && doc.has("Reservations") && doc.get("Reservations").isArray()) {
                    for (JsonNode reservation : doc.get("Reservations")) {
                        String owner = text(reservation, "OwnerId");
                        JsonNode list = reservation.get("Instances");
                        if (list == null || !list.isArray()) {
                            failures.add(new InputFailure(name, 0, 0, "a reservation without Instances: not describe-instances output"));
                            continue;
                        }
                        for (JsonNode i : list) {
                            instance(i, owner, name, out, failures);
                        }
                    }
                } else if (doc.isObject() && doc.has("InstanceId")) {
                    instance(doc, null, name, out, failures);
                } else if (doc.isArray() && !doc.isEmpty() && doc.findValue("InstanceId") != null) {
                    // --query 'Reservations[].Instances[]' (a list) or 'Reservations[*].Instances' (a list of lists)
                    for (JsonNode i : doc) {
                        for (JsonNode one : i.isArray() ? i : JSON.createArrayNode().add(i)) {
                            instance(one, null, name, out, failures);
                        }
                    }
                } else {
                    failures.add(new InputFailure(name, 0, 0, "not describe-instances output (no Reservations[].Instances[])"
                            + hint(doc) + "; save it with aws ec2 describe-instances --output json"));
                }
            }
        }
        return new Read<>(out, failures);
    }

    /** The instances and Auto Scaling groups of a Terraform state, with their addresses. */
    public Read<StateResource> terraformState(Path file) {
        String name = display.apply(file);
        List<StateResource> out = new ArrayList<>();
        JsonNode doc;
        try {
            List<JsonNode> docs = pages(file, name);
            if (docs.size() != 1) {
                throw new InputException(name, 0, 0, "one Terraform state document expected, found " + docs.size());
            }
            doc = docs.get(0);
        } catch (InputException e) {
            return new Read<>(List.of(), List.of(e.failure()));
        }
        if (doc.has("planned_values") || doc.has("resource_changes")) {
            return new Read<>(List.of(), List.of(new InputFailure(name, 0, 0, "a Terraform plan, not a state: give "
                    + "`terraform show -json` without a plan file (the state) to --terraform-state; plans are PATHs")));
        }
        if (doc.has("values") && doc.has("format_version")) {
            JsonNode root = doc.path("values").path("root_module");
            walkModule(root, name, out);
        } else if (doc.has("resources") && doc.path("resources").isArray() && doc.has("version")) {
            for (JsonNode r : doc.get("resources")) {
                if (!"managed".equals(text(r, "mode"))) {
                    continue;
                }
                String base = (r.hasNonNull("module") ? r.get("module").asText() + "." : "") + text(r, "type") + "." + text(r, "name");
                for (JsonNode inst : r.path("instances")) {
                    JsonNode key = inst.get("index_key");
                    String address = base + (key == null || key.isNull() ? "" : key.isNumber() ? "[" + key.asText() + "]"
                            : "[\"" + key.asText() + "\"]");
                    add(out, address, text(r, "type"), inst.path("attributes"), name);
                }
            }
        } else {
            return new Read<>(List.of(), List.of(new InputFailure(name, 0, 0, "not a Terraform state (no values.root_module "
                    + "nor resources[].instances[])" + hint(doc) + "; save it with terraform show -json > state.json")));
        }
        return new Read<>(out, List.of());
    }

    /** One {@code GuardDuty Runtime Protection Unhealthy|Healthy} event (prerequisites 7.3). */
    public Read<CoverageEvent> event(Path file, Set<String> expectedAccounts) {
        String name = display.apply(file);
        JsonNode doc;
        try {
            List<JsonNode> docs = pages(file, name);
            if (docs.size() != 1) {
                throw new InputException(name, 0, 0, "one EventBridge event expected, found " + docs.size());
            }
            doc = docs.get(0);
        } catch (InputException e) {
            return new Read<>(List.of(), List.of(e.failure()));
        }
        String type = text(doc, "detail-type");
        if (!"aws.guardduty".equals(text(doc, "source")) || type == null
                || !(type.equals("GuardDuty Runtime Protection Unhealthy") || type.equals("GuardDuty Runtime Protection Healthy"))) {
            return fail(name, "not a GuardDuty coverage event (source aws.guardduty, detail-type \"GuardDuty Runtime "
                    + "Protection Unhealthy\" or \"... Healthy\")" + (type == null ? "" : ", detail-type is \"" + type + "\""));
        }
        JsonNode d = doc.path("detail");
        String status = text(d, "currentStatus");
        JsonNode details = d.path("resourceDetails");
        String resourceType = text(details, "resourceType");
        if (status == null || !(status.equals("HEALTHY") || status.equals("UNHEALTHY")) || resourceType == null) {
            return fail(name, "the event's detail has no currentStatus HEALTHY/UNHEALTHY or no resourceDetails.resourceType");
        }
        String account = text(d, "resourceAccountId") != null ? text(d, "resourceAccountId") : text(doc, "account");
        if (account != null && !expectedAccounts.isEmpty() && !expectedAccounts.contains(account)) {
            return fail(name, "event of account " + account + ", not " + String.join(" or ", expectedAccounts));
        }
        JsonNode ec2 = details.path("ec2InstanceDetails");
        String instanceId = text(ec2, "instanceId");
        if ("EC2".equals(resourceType) && instanceId == null) {
            return fail(name, "an EC2 event without resourceDetails.ec2InstanceDetails.instanceId");
        }
        String time = text(d, "lastUpdatedAt") != null ? text(d, "lastUpdatedAt") : text(doc, "time");
        String resourceId = instanceId != null ? instanceId : text(details.path("eksClusterDetails"), "clusterName");
        if (resourceId == null) {
            resourceId = text(details.path("ecsClusterDetails"), "clusterName");
        }
        ConsoleResource r = new ConsoleResource(resourceId, null, account, resourceType, status.equals("HEALTHY"),
                text(d, "issue"), instanceId, text(ec2, "instanceType"), text(ec2, "clusterArn"),
                text(ec2.path("agentDetails"), "version"), text(ec2, "managementType"), time, name + " (event)");
        return new Read<>(List.of(new CoverageEvent(type, text(d, "previousStatus"), time, r)), List.of());
    }

    private static Read<CoverageEvent> fail(String name, String message) {
        return new Read<>(List.of(), List.of(new InputFailure(name, 0, 0, message)));
    }

    private void walkModule(JsonNode module, String name, List<StateResource> out) {
        for (JsonNode r : module.path("resources")) {
            if ("managed".equals(text(r, "mode")) && text(r, "address") != null) {
                add(out, text(r, "address"), text(r, "type"), r.path("values"), name);
            }
        }
        for (JsonNode child : module.path("child_modules")) {
            walkModule(child, name, out);
        }
    }

    private static void add(List<StateResource> out, String address, String type, JsonNode values, String source) {
        if ("aws_instance".equals(type) || "aws_autoscaling_group".equals(type)) {
            out.add(new StateResource(address, type, text(values, "id"), text(values, "name"), source));
        }
    }

    private static void instance(JsonNode i, String owner, String name, List<RunningInstance> out, List<InputFailure> failures) {
        String id = text(i, "InstanceId");
        if (id == null) {
            failures.add(new InputFailure(name, 0, 0, "an instance without InstanceId: not describe-instances output"));
            return;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : i.path("Tags")) {
            String k = text(t, "Key");
            if (k != null) {
                tags.put(k, t.hasNonNull("Value") ? t.get("Value").asText() : "");
            }
        }
        out.add(new RunningInstance(id, owner, text(i.path("State"), "Name"), text(i, "InstanceType"), text(i, "VpcId"),
                text(i, "SubnetId"), text(i, "ImageId"), tags, name));
    }

    private static ConsoleResource resource(JsonNode r, String where) {
        String id = text(r, "ResourceId", "resourceId");
        String status = text(r, "CoverageStatus", "coverageStatus");
        status = status == null ? null : status.strip().toUpperCase(java.util.Locale.ROOT);
        JsonNode details = field(r, "ResourceDetails", "resourceDetails");
        if (id == null || status == null || !(status.equals("HEALTHY") || status.equals("UNHEALTHY"))
                || details == null || !details.isObject()) {
            return null;
        }
        String type = text(details, "ResourceType", "resourceType");
        JsonNode ec2 = field(details, "Ec2InstanceDetails", "ec2InstanceDetails");
        if (type == null) {
            type = ec2 != null ? "EC2" : field(details, "EksClusterDetails", "eksClusterDetails") != null ? "EKS" : "ECS";
        }
        JsonNode e = ec2 == null ? JSON.createObjectNode() : ec2;
        return new ConsoleResource(id, text(r, "DetectorId", "detectorId"), text(r, "AccountId", "accountId"), type,
                status.equals("HEALTHY"), text(r, "Issue", "issue"), text(e, "InstanceId", "instanceId"),
                text(e, "InstanceType", "instanceType"), text(e, "ClusterArn", "clusterArn"),
                text(field(e, "AgentDetails", "agentDetails"), "Version", "version"),
                text(e, "ManagementType", "managementType"), text(r, "UpdatedAt", "updatedAt"), where);
    }

    private static String notCoverage(JsonNode doc) {
        return "not list-coverage output (no Resources array)" + hint(doc)
                + "; save it with aws guardduty list-coverage --detector-id ID --output json";
    }

    /** Names the shape a file of the wrong kind has, so the user knows which option it belongs to. */
    private static String hint(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            return "";
        }
        if (doc.has("Reservations")) {
            return ": it is describe-instances output (--instances)";
        }
        if (doc.has("Resources") || doc.has("resources")) {
            JsonNode r = field(doc, "Resources", "resources");
            if (r != null && r.isObject()) {
                return ": it looks like a CloudFormation template (a PATH)";
            }
            return ": it looks like list-coverage output (--coverage)";
        }
        if (doc.has("planned_values") || doc.has("resource_changes")) {
            return ": it is a Terraform plan (a PATH)";
        }
        if (doc.has("values") && doc.has("format_version")) {
            return ": it is a Terraform state (--terraform-state)";
        }
        if ("aws.guardduty".equals(text(doc, "source"))) {
            return ": it is an EventBridge event (--event)";
        }
        return "";
    }

    /** Every JSON value of the file: one document, a JSON array of pages, or documents one after the other. */
    private static List<JsonNode> pages(Path f, String name) throws InputException {
        SourceText src = SourceFiles.read(f, name);
        List<JsonNode> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(src.text());
             MappingIterator<JsonNode> it = JSON.readValues(p, JsonNode.class)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n.isArray() && !n.isEmpty() && n.get(0).isObject()
                        && (n.get(0).has("Resources") || n.get(0).has("resources") || n.get(0).has("Reservations"))) {
                    n.forEach(out::add);
                } else {
                    out.add(n);
                }
            }
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InputException(name, loc == null ? 0 : Math.max(0, loc.getLineNr()),
                    loc == null ? 0 : Math.max(0, loc.getColumnNr()), "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new InputException(name, 0, 0, "cannot read: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new InputException(name, 0, 0, "empty file: no JSON document");
        }
        return out;
    }

    private static JsonNode field(JsonNode n, String... names) {
        if (n == null) {
            return null;
        }
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode n, String... names) {
        JsonNode v = field(n, names);
        return v == null || v.isContainerNode() ? null : v.asText();
    }
}
