/**
 * Domain views built once per run from the resource graph, for both dialects: VPCs, subnets, security groups
 * with complete rule sets, network ACLs, VPC endpoints, workloads (instances and Auto Scaling groups with their
 * launch templates), IAM and SCP documents, GuardDuty detectors, EventBridge rules. Rules read these views;
 * the views hide where CloudFormation and Terraform put things and what each defaults to.
 */
package dev.preflight.infra;
