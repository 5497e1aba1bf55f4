# Offline plan settings (mock keys, no AWS calls) for scripts/terraform-plan-fixture.sh; a real project keeps
# only the region. The registry module is vendored under .terraform/modules as `terraform init` leaves it.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
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
}
