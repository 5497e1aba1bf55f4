#!/usr/bin/env python3
"""Writes a CloudFormation YAML template with exactly N resources, shaped like real stacks.

Usage: gen-template.py N FILE

The template repeats a 16-resource network + workload unit: a VPC with two subnets, a workload security group
with inline ingress rules plus standalone ingress/egress resources, the GuardDuty data VPC endpoint with its own
security group, an IAM role and instance profile, a launch template with tag specifications, an Auto Scaling
group, two instances and an S3 gateway endpoint. Intrinsics (!Ref, !GetAtt, !Sub, !Select/!GetAZs, conditions)
are used the way engineers write them, so the loaders and the graph do real work. Deterministic: the same N
gives the same file.
"""
import sys


def unit(i):
    """One unit as a list of (logical id, YAML body) pairs; 16 resources."""
    o = i % 200
    return [
        (f"Vpc{i}", f"""    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.{o}.0.0/16
      EnableDnsSupport: true
      EnableDnsHostnames: true
      Tags:
        - Key: Name
          Value: !Sub "${{Environment}}-vpc-{i}"
"""),
        (f"SubnetA{i}", f"""    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc{i}
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc{i}.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs '']
"""),
        (f"SubnetB{i}", f"""    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc{i}
      CidrBlock: 10.{o}.1.0/24
      AvailabilityZone: !Select [1, !GetAZs '']
"""),
        (f"AppSg{i}", f"""    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: App tier {i}
      VpcId: !Ref Vpc{i}
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 10.{o}.0.0/16
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref AdminCidr
"""),
        (f"AppSgFromSelf{i}", f"""    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt AppSg{i}.GroupId
      IpProtocol: tcp
      FromPort: 8080
      ToPort: 8080
      SourceSecurityGroupId: !GetAtt AppSg{i}.GroupId
"""),
        (f"AppSgEgress{i}", f"""    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      GroupId: !GetAtt AppSg{i}.GroupId
      IpProtocol: tcp
      FromPort: 443
      ToPort: 443
      CidrIp: 0.0.0.0/0
"""),
        (f"EndpointSg{i}", f"""    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: GuardDuty data endpoint {i}
      VpcId: !Ref Vpc{i}
"""),
        (f"EndpointSgIngress{i}", f"""    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref EndpointSg{i}
      IpProtocol: tcp
      FromPort: 443
      ToPort: 443
      SourceSecurityGroupId: !Ref AppSg{i}
"""),
        (f"GuardDutyEndpoint{i}", f"""    Type: AWS::EC2::VPCEndpoint
    Condition: CreateEndpoints
    Properties:
      VpcId: !Ref Vpc{i}
      ServiceName: !Sub com.amazonaws.${{AWS::Region}}.guardduty-data
      VpcEndpointType: Interface
      PrivateDnsEnabled: true
      SubnetIds: [!Ref SubnetA{i}, !Ref SubnetB{i}]
      SecurityGroupIds: [!Ref EndpointSg{i}]
"""),
        (f"S3Endpoint{i}", f"""    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc{i}
      ServiceName: !Sub com.amazonaws.${{AWS::Region}}.s3
      VpcEndpointType: Gateway
"""),
        (f"Role{i}", f"""    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {{Service: ec2.amazonaws.com}}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${{AWS::Partition}}:iam::aws:policy/AmazonSSMManagedInstanceCore
"""),
        (f"Profile{i}", f"""    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role{i}]
"""),
        (f"LaunchTemplate{i}", f"""    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: !Ref LatestAmiId
        InstanceType: m7g.large
        IamInstanceProfile:
          Arn: !GetAtt Profile{i}.Arn
        SecurityGroupIds: [!Ref AppSg{i}]
        MetadataOptions:
          HttpTokens: required
        TagSpecifications:
          - ResourceType: instance
            Tags:
              - {{Key: Service, Value: svc-{i}}}
"""),
        (f"Group{i}", f"""    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '4'
      DesiredCapacity: !Ref DesiredCapacity
      VPCZoneIdentifier: [!Ref SubnetA{i}, !Ref SubnetB{i}]
      LaunchTemplate:
        LaunchTemplateId: !Ref LaunchTemplate{i}
        Version: !GetAtt LaunchTemplate{i}.LatestVersionNumber
"""),
        (f"BatchHost{i}", f"""    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref LatestAmiId
      InstanceType: c7i.xlarge
      IamInstanceProfile: !Ref Profile{i}
      SubnetId: !Ref SubnetA{i}
      SecurityGroupIds: [!Ref AppSg{i}]
      Tags:
        - Key: GuardDutyManaged
          Value: !If [IsProd, 'true', 'false']
"""),
        (f"Worker{i}", f"""    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate:
        LaunchTemplateId: !Ref LaunchTemplate{i}
        Version: !GetAtt LaunchTemplate{i}.LatestVersionNumber
      SubnetId: !Ref SubnetB{i}
"""),
    ]


HEADER = """AWSTemplateFormatVersion: '2010-09-09'
Description: Generated benchmark template ({n} resources).
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, prod]
    Default: prod
  AdminCidr:
    Type: String
    Default: 10.255.0.0/24
  LatestAmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  DesiredCapacity:
    Type: Number
    Default: 2
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
  CreateEndpoints: !Not [!Equals [!Ref Environment, sandbox]]
Resources:
"""


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    out, count, i = [HEADER.format(n=n)], 0, 0
    while count < n:
        for name, body in unit(i):
            if count == n:
                break
            # each resource references only earlier ones of its unit, so a unit cut short has no dangling reference
            out.append(f"  {name}:\n{body}")
            count += 1
        i += 1
    with open(path, "w") as f:
        f.write("".join(out))


if __name__ == "__main__":
    main()
