package dev.preflight.engine;

/** What a discovered path is, decided by content (never by extension alone). */
public enum InputKind {
    CLOUDFORMATION,
    TERRAFORM_PLAN,
    CDK_ASSEMBLY,
    SCP
}
