# Plans offline against a local AWS API mock (moto) for the data sources: scripts/terraform-plan-fixture.sh
# --aws-mock seeds it with the VPC these data sources read. A real project keeps only the region.
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

  endpoints {
    ec2 = "http://127.0.0.1:45123"
    iam = "http://127.0.0.1:45123"
    sts = "http://127.0.0.1:45123"
  }
}
