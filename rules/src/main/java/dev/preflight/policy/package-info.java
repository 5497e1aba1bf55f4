/**
 * IAM-language policy evaluation for service control policies and VPC endpoint policies: a strict JSON reader for
 * policies written as strings ({@link dev.preflight.policy.PolicyJson}), the document model
 * ({@link dev.preflight.policy.PolicyDocument}), a three-valued evaluator that names the condition key the inputs
 * cannot decide ({@link dev.preflight.policy.PolicyEvaluator}) and SCP inheritance along root, OUs and account
 * ({@link dev.preflight.policy.ScpEvaluator}). No library evaluates IAM policies; this one is written to the AWS
 * evaluation rules and tested with tables of cases.
 */
package dev.preflight.policy;
