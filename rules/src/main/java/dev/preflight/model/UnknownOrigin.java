package dev.preflight.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Why a value cannot be known before deploy, as facts: the parameter, SSM path, export name, Terraform address and
 * attribute, function, ... Rules read these fields (GD012 the SSM path or the data source an AMI id is computed from);
 * {@link #describe()} is the phrase messages show and nothing ever parses it. Loaders of every format (CloudFormation,
 * CDK, Terraform plans and configuration) build these.
 */
public sealed interface UnknownOrigin {

    /** The coarse category (also what OPA policies see as {@code reason}). */
    UnknownReason kind();

    /** "parameter VpcCidr has no value or default": the phrase for messages. */
    String describe();

    /** A short name for the unknown piece inside a longer string: {@code ${AWS::Region}}. */
    default String label() {
        return describe();
    }

    /** The origin this one was derived from (through {@code Fn::Select}, tag propagation, ...), or itself. */
    default UnknownOrigin root() {
        return this;
    }

    /**
     * The Terraform addresses this unknown names: its own resource and those its expression refers to
     * ({@code aws_instance.web}, {@code data.aws_ssm_parameter.al2023}), in that order; empty for other formats.
     */
    default List<String> addresses() {
        UnknownOrigin r = root();
        if (r instanceof KnownAfterApply k) {
            List<String> out = new java.util.ArrayList<>();
            out.add(k.address());
            k.from().forEach(a -> out.add(a.address()));
            return out;
        }
        if (r instanceof DataSource d) {
            return List.of(d.address());
        }
        return List.of();
    }

    /** A CloudFormation parameter with neither a {@code --parameter} value nor a {@code Default}. */
    record ParameterWithoutValue(String name, boolean ssmParameterType) implements UnknownOrigin {
        public ParameterWithoutValue {
            Objects.requireNonNull(name, "name");
        }

        public UnknownReason kind() {
            return UnknownReason.PARAMETER_WITHOUT_VALUE;
        }

        public String describe() {
            return "parameter " + name + (ssmParameterType ? " (SSM parameter type)" : "") + " has no value or default";
        }

        @Override
        public String label() {
            return "parameter " + name;
        }
    }

    /**
     * An SSM parameter resolved at deploy: a parameter of type {@code AWS::SSM::Parameter::Value<...>}
     * ({@code parameter} names it) or a {@code {{resolve:ssm:...}}} / {@code {{resolve:ssm-secure:...}}} reference
     * ({@code reference} is its text).
     */
    record SsmParameter(String path, String parameter, String reference, boolean secure) implements UnknownOrigin {
        public SsmParameter {
            Objects.requireNonNull(path, "path");
        }

        public UnknownReason kind() {
            return UnknownReason.DYNAMIC_REFERENCE;
        }

        public String describe() {
            if (parameter != null) {
                return "ssm:" + path + " (SSM parameter named by parameter " + parameter + ", resolved at deploy)";
            }
            return "ssm:" + path + (secure ? " (secure string)" : "") + " (dynamic reference " + reference
                    + ", resolved at deploy)";
        }

        @Override
        public String label() {
            return "ssm:" + path;
        }
    }

    /** {@code {{resolve:secretsmanager:...}}}: the secret id and the reference text. */
    record SecretReference(String secret, String reference) implements UnknownOrigin {
        public SecretReference {
            Objects.requireNonNull(secret, "secret");
        }

        public UnknownReason kind() {
            return UnknownReason.DYNAMIC_REFERENCE;
        }

        public String describe() {
            return "secretsmanager:" + secret + " (dynamic reference " + reference + ", resolved at deploy)";
        }

        @Override
        public String label() {
            return "secretsmanager:" + secret;
        }
    }

    /**
     * {@code Fn::ImportValue} of an export no input of the run defines: {@code exportName}, or null when the name
     * itself is not known (then {@code nameOrigin} says why, if anything does).
     */
    record Import(String exportName, UnknownOrigin nameOrigin) implements UnknownOrigin {
        public UnknownReason kind() {
            return UnknownReason.IMPORT_NOT_FOUND;
        }

        public String describe() {
            if (exportName != null) {
                return "Fn::ImportValue '" + exportName + "' is not exported by any input";
            }
            return "Fn::ImportValue of a name that is not known"
                    + (nameOrigin == null ? "" : " (" + nameOrigin.describe() + ")");
        }

        @Override
        public String label() {
            return exportName == null ? "Fn::ImportValue" : "Fn::ImportValue " + exportName;
        }
    }

    /** A pseudo parameter such as {@code AWS::Region}; {@code hint} says how to give it ("give --region"). */
    /** A Terraform root module variable with no default and no value given (tfvars, {@code --var}, {@code TF_VAR_}). */
    record VariableWithoutValue(String name) implements UnknownOrigin {
        public VariableWithoutValue {
            Objects.requireNonNull(name, "name");
        }

        public UnknownReason kind() {
            return UnknownReason.PARAMETER_WITHOUT_VALUE;
        }

        public String describe() {
            return "var." + name + " has no value or default (give --var " + name + "=VALUE, a .tfvars file or TF_VAR_"
                    + name + ")";
        }

        @Override
        public String label() {
            return "var." + name;
        }
    }

    record PseudoParameter(String name, String hint) implements UnknownOrigin {
        public PseudoParameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hint, "hint");
        }

        public UnknownReason kind() {
            return UnknownReason.PSEUDO_PARAMETER;
        }

        public String describe() {
            return name + " (" + hint + ")";
        }

        @Override
        public String label() {
            return name;
        }
    }

    /** A Terraform address and attribute: {@code module.app.aws_launch_template.this[0]} and {@code id}. */
    record Address(String address, String attribute) {
        public Address {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return attribute == null ? address : address + "." + attribute;
        }
    }

    /**
     * Terraform "known after apply": {@code address}.{@code attribute} and what its expression refers to
     * ({@code from}, as far as the plan or configuration says).
     */
    record KnownAfterApply(String address, String attribute, Relation relation, List<Address> from)
            implements UnknownOrigin {
        /** How {@code from} relates to the value. */
        public enum Relation {
            /** Nothing more is known. */
            NONE,
            /** The value is computed from these attributes (more than a plain reference). */
            COMPUTED_FROM,
            /** The value is one of these resources' attributes. */
            ONE_OF,
            /** The expression refers to these, and the plan does not say which part uses which. */
            AMBIGUOUS
        }

        public KnownAfterApply {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(relation, "relation");
            from = from == null ? List.of() : List.copyOf(from);
        }

        public KnownAfterApply(String address, String attribute) {
            this(address, attribute, Relation.NONE, List.of());
        }

        public UnknownReason kind() {
            return UnknownReason.KNOWN_AFTER_APPLY;
        }

        public String describe() {
            String what = (attribute == null ? address : address + "." + attribute) + " is known after apply";
            return switch (relation) {
                case NONE -> what;
                case COMPUTED_FROM -> what + "; it is computed from " + join(true);
                case ONE_OF -> what + "; it is one of " + join(false);
                case AMBIGUOUS -> what + "; its expression refers to " + join(false)
                        + " and the plan does not say which part uses which";
            };
        }

        private String join(boolean withAttribute) {
            return from.stream().map(a -> withAttribute && a.attribute() != null ? a.toString() : a.address())
                    .collect(Collectors.joining(", "));
        }

        @Override
        public String label() {
            return attribute == null ? address : address + "." + attribute;
        }
    }

    /** A Terraform data source attribute that only a plan (or apply) reads: the configuration alone does not say. */
    record DataSource(String address, String attribute) implements UnknownOrigin {
        public DataSource {
            Objects.requireNonNull(address, "address");
        }

        public UnknownReason kind() {
            return UnknownReason.DATA_SOURCE;
        }

        public String describe() {
            return (attribute == null ? address : address + "." + attribute) + " is read by data source " + address
                    + " at plan time";
        }

        @Override
        public String label() {
            return attribute == null ? address : address + "." + attribute;
        }
    }

    /** An output of a Terraform module whose value the inputs do not decide. */
    record ModuleOutput(String module, String output) implements UnknownOrigin {
        public ModuleOutput {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(output, "output");
        }

        public UnknownReason kind() {
            return UnknownReason.MODULE_OUTPUT;
        }

        public String describe() {
            return "output " + output + " of " + module + " is not known before apply";
        }

        @Override
        public String label() {
            return module + "." + output;
        }
    }

    /**
     * A name, physical id or reference that points at nothing the inputs define: {@code name} is what was named (a
     * logical id, an export, a VPC id), {@code description} the phrase for messages.
     */
    record OutsideInputs(String name, String description) implements UnknownOrigin {
        public OutsideInputs {
            Objects.requireNonNull(description, "description");
        }

        public UnknownReason kind() {
            return UnknownReason.OUTSIDE_INPUTS;
        }

        public String describe() {
            return description;
        }
    }

    /**
     * A value AWS assigns when it creates the resource: {@code resource}'s {@code attribute} (null: its physical id),
     * or the Availability Zones of a region ({@code resource} null).
     */
    record AssignedAtDeploy(String resource, String attribute, String description) implements UnknownOrigin {
        public AssignedAtDeploy {
            Objects.requireNonNull(description, "description");
        }

        public static AssignedAtDeploy physicalId(String resource) {
            return new AssignedAtDeploy(resource, null, "physical id of " + resource);
        }

        public static AssignedAtDeploy attribute(String resource, String attribute) {
            return new AssignedAtDeploy(resource, attribute, resource + "." + attribute + " is assigned at deploy");
        }

        public UnknownReason kind() {
            return UnknownReason.ASSIGNED_AT_DEPLOY;
        }

        public String describe() {
            return description;
        }
    }

    /** The Availability Zones of a region ({@code Fn::GetAZs}), or one of them ({@code index}, else null). */
    record AvailabilityZones(String region, Integer index) implements UnknownOrigin {
        public UnknownReason kind() {
            return UnknownReason.ASSIGNED_AT_DEPLOY;
        }

        public String describe() {
            String where = region == null ? "the deploy region" : region;
            return index == null ? "Availability Zones of " + where : "Availability Zone " + index + " of " + where;
        }
    }

    /**
     * A function or construct Preflight does not evaluate: {@code function} is its name ({@code Fn::Transform},
     * {@code Fn::Cidr}, a circular reference, ...), {@code description} the phrase for messages.
     */
    record NotEvaluated(String function, String description) implements UnknownOrigin {
        public NotEvaluated {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(description, "description");
        }

        public UnknownReason kind() {
            return UnknownReason.UNSUPPORTED;
        }

        public String describe() {
            return description;
        }
    }

    /**
     * A value computed from another unknown (the third item of an unknown list, whether a tag propagates at launch):
     * {@code source} keeps the facts of the value it comes from.
     */
    record Derived(String description, UnknownOrigin source) implements UnknownOrigin {
        public Derived {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(source, "source");
        }

        public UnknownReason kind() {
            return source.kind();
        }

        public String describe() {
            return description;
        }

        @Override
        public UnknownOrigin root() {
            return source.root();
        }
    }
}
