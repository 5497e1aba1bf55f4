variable "cidr" {
  type = string
}

variable "zones" {
  type = list(string)
}

resource "aws_vpc" "this" {
  cidr_block         = var.cidr
  enable_dns_support = true
  tags = {
    Name = "net"
  }
}

module "subnets" {
  source = "../subnets"
  vpc_id = aws_vpc.this.id
  cidr   = var.cidr
  zones  = var.zones
}

resource "aws_security_group" "endpoint" {
  name   = "endpoint"
  vpc_id = aws_vpc.this.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}

resource "aws_vpc_endpoint" "guardduty" {
  vpc_id             = aws_vpc.this.id
  service_name       = "com.amazonaws.us-east-1.guardduty-data"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = module.subnets.ids
  security_group_ids = [aws_security_group.endpoint.id]
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "subnet_ids" {
  value = module.subnets.ids
}
