# A workload in a VPC that another team owns (read with data.aws_vpc), with the SSM core policy attached by its
# AWS managed policy read with data.aws_iam_policy: both are read during the plan and sit in prior_state.
data "aws_vpc" "shared" {
  tags = { Name = "shared" }
}

data "aws_iam_policy" "ssm" {
  name = "AmazonSSMManagedInstanceCore"
}

resource "aws_subnet" "app" {
  vpc_id     = data.aws_vpc.shared.id
  cidr_block = "10.40.1.0/24"
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = data.aws_vpc.shared.id
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.shared.cidr_block]
  }
}

resource "aws_security_group" "endpoint" {
  name   = "guardduty-endpoint"
  vpc_id = data.aws_vpc.shared.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.shared.cidr_block]
  }
}

resource "aws_vpc_endpoint" "guardduty_data" {
  vpc_id              = data.aws_vpc.shared.id
  service_name        = "com.amazonaws.us-east-1.guardduty-data"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.app.id]
  security_group_ids  = [aws_security_group.endpoint.id]
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.app.name
  policy_arn = data.aws_iam_policy.ssm.arn
}

resource "aws_iam_instance_profile" "app" {
  name = "app"
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.app.id
  vpc_security_group_ids = [aws_security_group.app.id]
  iam_instance_profile   = aws_iam_instance_profile.app.name
}
