/**
 * Reconciliation: what the GuardDuty console reports for each instance (saved {@code list-coverage},
 * {@code describe-instances}, Terraform state and EventBridge output) set beside what the code predicts. The
 * matching of console instances to the workloads of the resource graph and the explanation (deciding findings, or
 * what Preflight could not see) live here, in the pure core: no file I/O; the file readers are loaders.
 */
package dev.preflight.reconcile;
