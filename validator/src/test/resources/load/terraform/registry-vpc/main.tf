# A root module on the most used registry module, terraform-aws-modules/vpc/aws 5.21.0 (vendored under
# .terraform/modules/vpc, Apache-2.0, see its LICENSE): its subnets take `vpc_id = local.vpc_id`, which the
# plan cannot resolve. One instance in a private subnet, a guardduty-data endpoint that admits the VPC CIDR.

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"

  name            = "payments"
  cidr            = "10.30.0.0/16"
  azs             = ["us-east-1a", "us-east-1b"]
  private_subnets = ["10.30.1.0/24", "10.30.2.0/24"]

  enable_dns_hostnames = true
  enable_dns_support   = true
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = module.vpc.vpc_id
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [module.vpc.vpc_cidr_block]
  }
}

resource "aws_security_group" "endpoint" {
  name   = "guardduty-data"
  vpc_id = module.vpc.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [module.vpc.vpc_cidr_block]
  }
}

resource "aws_vpc_endpoint" "guardduty_data" {
  vpc_id              = module.vpc.vpc_id
  service_name        = "com.amazonaws.us-east-1.guardduty-data"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = module.vpc.private_subnets
  security_group_ids  = [aws_security_group.endpoint.id]
}

resource "aws_instance" "app" {
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.micro"
  subnet_id              = module.vpc.private_subnets[0]
  vpc_security_group_ids = [aws_security_group.app.id]
}
