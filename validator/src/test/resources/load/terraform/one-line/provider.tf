# Offline plan settings (mock keys, no AWS calls) so the committed plan.json can be regenerated with
# scripts/terraform-plan-fixture.sh; a real project keeps only the region and default_tags.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = var.region
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true

  default_tags {
    tags = {
      Project     = "payments"
      Environment = var.environment
    }
  }
}
