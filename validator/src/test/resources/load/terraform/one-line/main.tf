# Payments API: an Auto Scaling group behind a launch template, plus a legacy batch host, in the shared
# network of modules/network. See README.md for what goes wrong here.

module "network" {
  source      = "./modules/network"
  region      = var.region
  cidr        = var.vpc_cidr
  environment = var.environment
}

locals {
  # Amazon Linux 2023, resolved by EC2 at launch
  al2023_ami = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
}

resource "aws_security_group" "app" {
  name        = "payments-api"
  description = "Payments API instances"
  vpc_id      = module.network.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "app_https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to AWS APIs and the payment processor"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_iam_role" "app" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "app_ssm" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "app" {
  name = "payments-api"
  role = aws_iam_role.app.name
}

resource "aws_launch_template" "app" {
  name_prefix            = "payments-api-"
  image_id               = local.al2023_ami
  instance_type          = "m7g.large"
  vpc_security_group_ids = [aws_security_group.app.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.app.arn
  }

  metadata_options {
    http_tokens = "required"
  }

  tag_specifications {
    resource_type = "instance"
    tags = {
      Service = "payments-api"
    }
  }
}

resource "aws_autoscaling_group" "app" {
  name                = "payments-api"
  min_size            = 2
  max_size            = 6
  desired_capacity    = 3
  vpc_zone_identifier = module.network.private_subnet_ids

  launch_template {
    id      = aws_launch_template.app.id
    version = aws_launch_template.app.latest_version
  }
}

resource "aws_instance" "batch" {
  ami                    = local.al2023_ami
  instance_type          = "c7i.xlarge"
  subnet_id              = module.network.private_subnet_ids[0]
  vpc_security_group_ids = [aws_security_group.app.id]
  iam_instance_profile   = aws_iam_instance_profile.app.name

  tags = {
    Name             = "payments-batch"
    GuardDutyManaged = "false"
  }
}
