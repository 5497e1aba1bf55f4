variable "vpc_id" {
  type = string
}

variable "cidr" {
  type = string
}

variable "zones" {
  type = list(string)
}

resource "aws_subnet" "this" {
  count             = length(var.zones)
  vpc_id            = var.vpc_id
  cidr_block        = cidrsubnet(var.cidr, 8, count.index)
  availability_zone = var.zones[count.index]
}

output "ids" {
  value = aws_subnet.this[*].id
}
