package dev.preflight.model;

/** The kind of an input file or directory; the JSON report uses {@link #wireName()}. */
public enum InputFormat {
    CLOUDFORMATION("cloudformation"),
    TERRAFORM_PLAN("terraform-plan"),
    /** A root module of {@code .tf} files (and the modules it calls), checked without a plan. */
    TERRAFORM_CONFIGURATION("terraform-configuration"),
    CDK_ASSEMBLY("cdk-assembly"),
    SCP("scp");

    private final String wireName;

    InputFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
