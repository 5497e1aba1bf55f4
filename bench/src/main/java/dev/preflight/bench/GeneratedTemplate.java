package dev.preflight.bench;

/**
 * A CloudFormation template of about N resources, written the way real stacks are: per unit of 10 resources a VPC
 * with a subnet, a workload security group with an inline and a standalone ingress rule, the guardduty-data
 * endpoint with its own group, an instance profile, a launch template with instance tags, an Auto Scaling group
 * and an instance. Every unit references its own resources, so rules have real links to follow.
 */
final class GeneratedTemplate {
    static final int RESOURCES_PER_UNIT = 10;

    private GeneratedTemplate() {
    }

    static String yaml(int resources) {
        int units = Math.max(1, resources / RESOURCES_PER_UNIT);
        StringBuilder b = new StringBuilder(units * 1800);
        b.append("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Ami:\n    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>\n")
                .append("    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\nResources:\n");
        for (int i = 0; i < units; i++) {
            int a = i / 250;
            int c = i % 250;
            b.append("  Vpc").append(i).append(":\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.").append(a).append('.').append(c)
                    .append(".0/24\n      EnableDnsSupport: true\n      EnableDnsHostnames: ").append(i % 7 != 0).append('\n');
            b.append("  Subnet").append(i).append(":\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc").append(i)
                    .append("\n      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc").append(i).append(".CidrBlock, 2, 6]]\n");
            b.append("  AppSg").append(i).append(":\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: app\n      VpcId: !Ref Vpc")
                    .append(i).append("\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 10.0.0.0/8}\n");
            b.append("  EndpointSg").append(i).append(":\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: endpoint\n      VpcId: !Ref Vpc")
                    .append(i).append('\n');
            b.append("  EndpointIngress").append(i).append(":\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !GetAtt EndpointSg")
                    .append(i).append(".GroupId\n      IpProtocol: tcp\n      FromPort: 443\n      ToPort: 443\n      SourceSecurityGroupId: !GetAtt AppSg")
                    .append(i).append(".GroupId\n");
            b.append("  Endpoint").append(i).append(":\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcId: !Ref Vpc").append(i)
                    .append("\n      ServiceName: !Sub com.amazonaws.${AWS::Region}.guardduty-data\n      VpcEndpointType: Interface\n      PrivateDnsEnabled: true\n")
                    .append("      SubnetIds: [!Ref Subnet").append(i).append("]\n      SecurityGroupIds: [!Ref EndpointSg").append(i).append("]\n");
            b.append("  Profile").append(i).append(":\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      Roles: [app-role]\n");
            b.append("  Template").append(i).append(":\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        ImageId: !Ref Ami\n")
                    .append("        InstanceType: m7g.large\n        SecurityGroupIds: [!Ref AppSg").append(i).append("]\n        IamInstanceProfile: {Name: !Ref Profile")
                    .append(i).append("}\n        TagSpecifications:\n          - ResourceType: instance\n            Tags: [{Key: Team, Value: payments}]\n");
            b.append("  Group").append(i).append(":\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: '1'\n      MaxSize: '3'\n")
                    .append("      VPCZoneIdentifier: [!Ref Subnet").append(i).append("]\n      LaunchTemplate:\n        LaunchTemplateId: !Ref Template").append(i)
                    .append("\n        Version: !GetAtt Template").append(i).append(".LatestVersionNumber\n");
            b.append("  Host").append(i).append(":\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: !Ref Ami\n      SubnetId: !Ref Subnet").append(i)
                    .append("\n      SecurityGroupIds: [!Ref AppSg").append(i).append("]\n      Tags:\n        - {Key: GuardDutyManaged, Value: '")
                    .append(i % 5 == 0 ? "false" : "true").append("'}\n");
        }
        return b.toString();
    }
}
