# Shared network for the payments service. The GuardDuty data endpoint was added by hand during an
# incident review and only admits the bastion host.

variable "region" {
  type = string
}

variable "cidr" {
  type = string
}

variable "environment" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block         = var.cidr
  enable_dns_support = true
  tags = {
    Name = "payments-${var.environment}"
  }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
  availability_zone = "${var.region}${["a", "b"][count.index]}"
  tags = {
    Name = "payments-private-${count.index}"
  }
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"
  vpc_id      = aws_vpc.this.id
}

resource "aws_security_group" "guardduty_endpoint" {
  name        = "guardduty-data-endpoint"
  description = "GuardDuty data endpoint"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "endpoint_from_bastion" {
  security_group_id            = aws_security_group.guardduty_endpoint.id
  description                  = "bastion only (incident review)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.bastion.id
}

resource "aws_vpc_endpoint" "guardduty_data" {
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${var.region}.guardduty-data"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.guardduty_endpoint.id]
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "vpc_cidr" {
  value = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}
