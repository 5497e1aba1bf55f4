# Planned against the hand-written terraform.tfstate next to this file (plan -refresh=false):
# aws_security_group.legacy is in the state only (deleted), aws_instance.app changes its AMI (replaced),
# aws_vpc.main is unchanged (no-op).
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_instance" "app" {
  ami           = "ami-0bbbbbbbbbbbbbbbb"
  instance_type = "t3.micro"
}

resource "aws_vpc" "edge" {
  cidr_block = "10.9.0.0/16"
}

# read during apply: its argument is known after apply
data "aws_vpc" "edge" {
  id = aws_vpc.edge.id
}

resource "aws_security_group" "edge" {
  name   = "edge"
  vpc_id = data.aws_vpc.edge.id
}
