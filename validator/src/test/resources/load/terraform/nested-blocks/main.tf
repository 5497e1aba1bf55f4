variable "pick" {
  type    = number
  default = 1
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  for_each   = { a = "10.0.1.0/24", b = "10.0.2.0/24" }
  vpc_id     = aws_vpc.main.id
  cidr_block = each.value
}

resource "aws_security_group" "tier" {
  count  = 2
  name   = "tier-${count.index}"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "lb" {
  name   = "lb"
  vpc_id = aws_vpc.main.id
}

# one block references a group, the other a CIDR attribute of the VPC
resource "aws_security_group" "mixed" {
  name   = "mixed"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }
}

# two blocks with different groups: the plan does not say which block is which
resource "aws_security_group" "two_sources" {
  name   = "two-sources"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }
  ingress {
    from_port       = 8443
    to_port         = 8443
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
}

# count-indexed rule per group
resource "aws_security_group_rule" "tier_https" {
  count             = 2
  type              = "ingress"
  security_group_id = aws_security_group.tier[count.index].id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/16"]
}

# an index that is not the instance's own: cannot be decided from the plan
resource "aws_security_group_rule" "picked" {
  type                     = "ingress"
  security_group_id        = aws_security_group.tier[var.pick].id
  source_security_group_id = aws_security_group.bastion.id
  from_port                = 443
  to_port                  = 443
  protocol                 = "tcp"
}

# for_each over a resource map
resource "aws_network_interface" "per_subnet" {
  for_each        = aws_subnet.private
  subnet_id       = each.value.id
  security_groups = aws_security_group.tier[*].id
}

resource "aws_launch_template" "app" {
  name_prefix = "app-"
  image_id    = "ami-0123456789abcdef0"

  network_interfaces {
    device_index    = 0
    subnet_id       = aws_subnet.private["b"].id
    security_groups = [aws_security_group.tier[0].id, aws_security_group.bastion.id]
  }

  metadata_options {
    http_endpoint          = "enabled"
    instance_metadata_tags = "enabled"
  }

  tag_specifications {
    resource_type = "instance"
    tags = {
      GuardDutyManaged = "true"
      Subnet           = aws_subnet.private["a"].id
    }
  }
}

resource "aws_autoscaling_group" "app" {
  min_size            = 1
  max_size            = 2
  vpc_zone_identifier = [for s in aws_subnet.private : s.id]

  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }

  tag {
    key                 = "GuardDutyManaged"
    value               = "true"
    propagate_at_launch = true
  }
}

# dynamic blocks are left out of the plan's configuration section
resource "aws_security_group" "dynamic" {
  name   = "dynamic"
  vpc_id = aws_vpc.main.id
  dynamic "ingress" {
    for_each = [443, 8443]
    content {
      from_port       = ingress.value
      to_port         = ingress.value
      protocol        = "tcp"
      security_groups = [aws_security_group.lb.id]
    }
  }
}
