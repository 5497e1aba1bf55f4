variable "region" {
  type    = string
  default = "us-east-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

variable "security_ou_id" {
  description = "Organizational unit of the workload accounts"
  type        = string
  default     = "ou-abcd-12345678"
}
