package dev.preflight.infra.guardduty;

import dev.preflight.model.Dialect;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import dev.preflight.rule.RuleContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GuardDuty detectors of the run with their protection features, in both dialects:
 * {@code AWS::GuardDuty::Detector} ({@code Enable}, {@code Features[].{Name,Status,AdditionalConfiguration[]}}) and
 * {@code aws_guardduty_detector} ({@code enable}, default true) with the {@code aws_guardduty_detector_feature}
 * resources that point at it through {@code detector_id}. A {@code data.aws_guardduty_detector} (the account's
 * existing detector, read at plan time) counts too, with its {@code status} and {@code features} attributes.
 * Features whose detector is not in the inputs are kept apart ({@link #orphanFeatures()}).
 */
public final class Detectors {
    public static final String CFN_TYPE = "AWS::GuardDuty::Detector";
    public static final String TF_TYPE = "aws_guardduty_detector";
    public static final String TF_FEATURE_TYPE = "aws_guardduty_detector_feature";

    /**
     * A detector. {@code features} is the CloudFormation {@code Features} value as written (a list, possibly
     * conditional or unknown), or for Terraform a list built from the feature resources.
     */
    public record Detector(Resource resource, Value enable, Value features, List<Resource> featureResources) {
        public Detector {
            featureResources = List.copyOf(featureResources);
        }

        public boolean terraform() {
            return resource.dialect() == Dialect.TERRAFORM;
        }
    }

    private final List<Detector> all;
    private final List<Resource> orphanFeatures;

    private Detectors(List<Detector> all, List<Resource> orphanFeatures) {
        this.all = List.copyOf(all);
        this.orphanFeatures = List.copyOf(orphanFeatures);
    }

    public static Detectors build(RuleContext ctx) {
        return of(ctx.graph());
    }

    public static Detectors of(ResourceGraph g) {
        Map<Resource, List<Resource>> features = new LinkedHashMap<>();
        List<Resource> orphans = new ArrayList<>();
        for (Resource f : g.ofType(TF_FEATURE_TYPE)) {
            var detector = g.target(f.property("detector_id")).filter(d -> d.type().equals(TF_TYPE));
            if (detector.isPresent()) {
                features.computeIfAbsent(detector.get(), k -> new ArrayList<>()).add(f);
            } else {
                orphans.add(f);
            }
        }
        List<Detector> all = new ArrayList<>();
        for (Resource d : g.ofType(CFN_TYPE)) {
            all.add(new Detector(d, d.property("Enable"), d.property("Features"), List.of()));
        }
        for (Resource d : g.ofType(TF_TYPE)) {
            List<Resource> fs = features.getOrDefault(d, List.of());
            if (d.dataSource()) {
                // data.aws_guardduty_detector: the account's existing detector as read at plan time; its status
                // and features attributes show what is enabled, and feature resources of the plan override them.
                all.add(new Detector(d, dataSourceEnable(d), dataSourceFeatures(d, fs), fs));
            } else {
                all.add(new Detector(d, d.property("enable"), featureList(fs, d.location()), fs));
            }
        }
        return new Detectors(all, orphans);
    }

    /** Feature resources (of a detector outside the inputs) as one CloudFormation-shaped feature list. */
    public static Value featureListOf(List<Resource> features) {
        return featureList(features, features.get(0).location());
    }

    /** Terraform feature resources as CloudFormation-shaped feature structs, so one reader serves both. */
    static Value featureList(List<Resource> features, SourceLocation at) {
        List<Value> items = new ArrayList<>();
        for (Resource f : features) {
            Map<String, Value> m = new LinkedHashMap<>();
            put(m, "Name", f.property("name"));
            put(m, "Status", f.property("status"));
            Value extra = f.property("additional_configuration");
            if (!extra.isAbsent()) {
                List<Value> confs = new ArrayList<>();
                for (Value c : extra.items()) {
                    Map<String, Value> cm = new LinkedHashMap<>();
                    put(cm, "Name", c.at("name"));
                    put(cm, "Status", c.at("status"));
                    confs.add(new Value.Struct(cm, c.location()));
                }
                m.put("AdditionalConfiguration", new Value.Seq(confs, extra.location()));
            }
            items.add(new Value.Struct(m, f.location()));
        }
        return new Value.Seq(items, at);
    }

    private static Value dataSourceEnable(Resource d) {
        Value status = d.property("status");
        if (status.isAbsent()) {
            return new Value.Unknown(new dev.preflight.model.UnknownOrigin.OutsideInputs(d.id(),
                    d.id() + " does not show the detector status"), d.location());
        }
        if (!status.isKnown() || status.text().isEmpty()) {
            return status;
        }
        return new Value.Bool(status.text().get().equals("ENABLED"), status.location());
    }

    private static Value dataSourceFeatures(Resource d, List<Resource> overrides) {
        Value read = d.property("features");
        if (read.isAbsent() || !read.isKnown()) {
            if (overrides.isEmpty()) {
                return !read.isAbsent() ? read : new Value.Unknown(
                        new dev.preflight.model.UnknownOrigin.OutsideInputs(d.id(),
                                d.id() + " does not show the detector's features"), d.location());
            }
            return featureList(overrides, d.location());
        }
        Map<String, Value> byName = new LinkedHashMap<>();
        for (Value f : read.items()) {
            Map<String, Value> m = new LinkedHashMap<>();
            put(m, "Name", f.at("name"));
            put(m, "Status", f.at("status"));
            Value extra = f.at("additional_configuration");
            if (!extra.isAbsent()) {
                List<Value> confs = new ArrayList<>();
                for (Value c : extra.items()) {
                    Map<String, Value> cm = new LinkedHashMap<>();
                    put(cm, "Name", c.at("name"));
                    put(cm, "Status", c.at("status"));
                    confs.add(new Value.Struct(cm, c.location()));
                }
                m.put("AdditionalConfiguration", new Value.Seq(confs, extra.location()));
            }
            byName.put(f.at("name").text().orElse("?" + byName.size()),
                    new Value.Struct(m, f.location()));
        }
        for (Value f : featureList(overrides, d.location()).items()) {
            byName.put(f.at("Name").text().orElse("?" + byName.size()), f);
        }
        return new Value.Seq(new ArrayList<>(byName.values()), read.location());
    }

    private static void put(Map<String, Value> m, String key, Value v) {
        if (!v.isAbsent()) {
            m.put(key, v);
        }
    }

    public List<Detector> all() {
        return all;
    }

    /** {@code aws_guardduty_detector_feature} resources whose detector is outside the inputs. */
    public List<Resource> orphanFeatures() {
        return orphanFeatures;
    }
}
