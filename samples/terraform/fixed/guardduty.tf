# GuardDuty in the workload account: Runtime Monitoring with the automated EC2 agent, and an alarm when an
# instance stops reporting.

resource "aws_guardduty_detector" "this" {
  enable = true
}

resource "aws_guardduty_detector_feature" "runtime_monitoring" {
  detector_id = aws_guardduty_detector.this.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"

  additional_configuration {
    name   = "EC2_AGENT_MANAGEMENT"
    status = "ENABLED"
  }
}

resource "aws_cloudwatch_event_rule" "runtime_coverage" {
  name        = "guardduty-runtime-coverage"
  description = "Tell the security team when a workload loses Runtime Monitoring coverage"
  event_pattern = jsonencode({
    source      = ["aws.guardduty"]
    detail-type = ["GuardDuty Runtime Protection Unhealthy"]
  })
}

resource "aws_sns_topic" "security_alerts" {
  name = "security-alerts"
}

resource "aws_cloudwatch_event_target" "runtime_coverage" {
  rule = aws_cloudwatch_event_rule.runtime_coverage.name
  arn  = aws_sns_topic.security_alerts.arn
}
