# Organization guardrails, applied from the management account, fixed: protect GuardDuty's configuration,
# not the agent's telemetry.

resource "aws_organizations_policy" "security_tooling" {
  name        = "protect-security-tooling"
  description = "Stop workloads from changing GuardDuty; the agent may still send telemetry"
  type        = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenyGuardDutyChanges"
      Effect = "Deny"
      Action = [
        "guardduty:Delete*",
        "guardduty:Disassociate*",
        "guardduty:Update*",
        "guardduty:StopMonitoringMembers",
      ]
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "security_tooling" {
  policy_id = aws_organizations_policy.security_tooling.id
  target_id = var.security_ou_id
}
