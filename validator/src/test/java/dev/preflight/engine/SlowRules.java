package dev.preflight.engine;

/**
 * A template that is small to load but slow to check: security groups, interface endpoints and instances whose
 * rules, existence and groups depend on undecided conditions, so the network rules compare every workload with every
 * endpoint in many combinations of the conditions (bench/hostile-inputs.sh writes the same shape).
 */
final class SlowRules {
    private SlowRules() {
    }

    static String template(int groups, int endpoints, int conditions) {
        StringBuilder s = new StringBuilder("{\"Parameters\": {\"P\": {\"Type\": \"String\"}}, \"Conditions\": {");
        for (int k = 0; k < conditions; k++) {
            s.append(k == 0 ? "" : ", ").append("\"C").append(k).append("\": {\"Fn::Equals\": [{\"Ref\": \"P\"}, \"v")
                    .append(k).append("\"]}");
        }
        s.append("}, \"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": "
                + "\"10.0.0.0/16\", \"EnableDnsSupport\": true, \"EnableDnsHostnames\": true}}, \"Sub\": {\"Type\": "
                + "\"AWS::EC2::Subnet\", \"Properties\": {\"VpcId\": {\"Ref\": \"Vpc\"}, \"CidrBlock\": \"10.0.0.0/24\"}}");
        for (int i = 0; i < groups; i++) {
            s.append(", \"Sg").append(i).append("\": {\"Type\": \"AWS::EC2::SecurityGroup\", \"Properties\": {\"VpcId\": "
                    + "{\"Ref\": \"Vpc\"}, \"GroupDescription\": \"x\", \"SecurityGroupEgress\": [");
            for (int k = 1; k < 4; k++) {
                s.append(k == 1 ? "" : ", ").append(rule((i + k) % conditions, "DestinationSecurityGroupId",
                        (i + k) % groups));
            }
            s.append("], \"SecurityGroupIngress\": [");
            for (int k = 1; k < 4; k++) {
                s.append(k == 1 ? "" : ", ").append(rule((i + k + 1) % conditions, "SourceSecurityGroupId",
                        (i + k) % groups));
            }
            s.append("]}}");
        }
        for (int j = 0; j < endpoints; j++) {
            s.append(", \"Ep").append(j).append("\": {\"Type\": \"AWS::EC2::VPCEndpoint\", \"Condition\": \"C")
                    .append(j % conditions).append("\", \"Properties\": {\"VpcId\": {\"Ref\": \"Vpc\"}, \"ServiceName\": "
                    + "\"com.amazonaws.us-east-1.guardduty-data\", \"VpcEndpointType\": \"Interface\", "
                    + "\"PrivateDnsEnabled\": true, \"SubnetIds\": [{\"Ref\": \"Sub\"}], \"SecurityGroupIds\": [");
            for (int k = 0; k < 3; k++) {
                s.append(k == 0 ? "" : ", ").append("{\"Ref\": \"Sg").append((j * 7 + k) % groups).append("\"}");
            }
            s.append("]}}, \"I").append(j).append("\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": {\"ImageId\": "
                    + "\"ami-1\", \"SubnetId\": {\"Ref\": \"Sub\"}, \"SecurityGroupIds\": [");
            for (int k = 0; k < 5; k++) {
                s.append(k == 0 ? "" : ", ").append("{\"Fn::If\": [\"C").append((j + k) % conditions)
                        .append("\", {\"Ref\": \"Sg").append((j * 3 + k) % groups).append("\"}, {\"Ref\": \"AWS::NoValue\"}]}");
            }
            s.append("]}}");
        }
        return s.append("}}").toString();
    }

    private static String rule(int condition, String peerKey, int peer) {
        return "{\"Fn::If\": [\"C" + condition + "\", {\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443, \""
                + peerKey + "\": {\"Ref\": \"Sg" + peer + "\"}}, {\"Ref\": \"AWS::NoValue\"}]}";
    }
}
