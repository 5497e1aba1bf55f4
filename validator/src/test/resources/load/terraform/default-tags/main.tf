resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_instance" "tagged" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags = {
    Name             = "tagged"
    GuardDutyManaged = "false"
  }
}

resource "aws_instance" "untagged" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_instance" "computed_tag" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags = {
    Role = aws_iam_role.app.arn
  }
}

resource "aws_launch_template" "app" {
  name_prefix = "app"
  image_id    = "ami-0123456789abcdef0"
  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "from-template"
    }
  }
}
