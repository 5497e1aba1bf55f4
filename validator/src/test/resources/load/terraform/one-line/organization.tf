# Organization guardrails, applied from the management account.

resource "aws_organizations_policy" "security_tooling" {
  name        = "protect-security-tooling"
  description = "Stop workloads from touching GuardDuty"
  type        = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "DenyGuardDuty"
      Effect   = "Deny"
      Action   = "guardduty:*"
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "security_tooling" {
  policy_id = aws_organizations_policy.security_tooling.id
  target_id = var.security_ou_id
}
