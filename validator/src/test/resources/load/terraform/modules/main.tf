module "net" {
  source = "./modules/network"
  cidr   = "10.1.0.0/16"
  zones  = ["us-east-1a", "us-east-1b"]
}

module "edge" {
  source   = "./modules/network"
  for_each = { blue = "10.2.0.0/16" }
  cidr     = each.value
  zones    = ["us-east-1c"]
}

resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = module.net.vpc_id
  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.1.0.0/16"]
  }
}

resource "aws_instance" "app" {
  count                  = 2
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.micro"
  subnet_id              = module.net.subnet_ids[count.index]
  vpc_security_group_ids = [aws_security_group.app.id]
  tags = {
    Name             = "app-${count.index}"
    GuardDutyManaged = "true"
  }
}

resource "aws_instance" "untagged" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = module.net.subnet_ids[0]
}
