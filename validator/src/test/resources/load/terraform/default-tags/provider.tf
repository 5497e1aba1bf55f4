# scripts/provider.tf.example with default_tags from a variable.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

variable "default_tags" {
  type = map(string)
  default = {
    GuardDutyManaged = "true"
    CostCenter       = "1234"
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true

  default_tags {
    tags = var.default_tags
  }
}
