"""Seeds the AWS API mock (moto) with what this fixture's data sources read: a VPC owned by another team.
Run by scripts/terraform-plan-fixture.sh with AWS_ENDPOINT_URL set to the mock; not part of the fixture's
configuration."""
import os

import boto3

aws = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="us-east-1",
           aws_access_key_id="mock_access_key", aws_secret_access_key="mock_secret_key")
ec2 = boto3.client("ec2", **aws)
vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16",
                     TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "shared"}]}])["Vpc"]
ec2.modify_vpc_attribute(VpcId=vpc["VpcId"], EnableDnsHostnames={"Value": True})
