#!/usr/bin/env bash
# The hostile inputs of issue 14 through the launcher (bin/preflight, its default heap): each is one line naming the
# file and the budget or the refusal, exit code 2, the good template beside it still checked, no OutOfMemoryError,
# bounded time (loading and rules). Prints wall time and peak memory per case. Run by .ci/run; needs python3 and GNU time (optional).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

python3 - <<'PY'
import os
vpc = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
open("good.yaml", "w").write(vpc)
# 1 MB: 150,000 aliases of a 300,000-character scalar inside Fn::Join
with open("aliases.yaml", "w") as f:
    f.write("Parameters:\n  P:\n    Type: String\n    Default: &a " + "xxxxxxx " * 37500 + "\n")
    f.write("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Join ['', [" + ", ".join(["*a"] * 150000) + "]]\n")
# Fn::ForEach five levels of 30 items (1.3 KB)
items = ", ".join("i%d" % k for k in range(30))
s = "Transform: AWS::LanguageExtensions\nResources:\n"
pad = "  "
for level in range(1, 6):
    s += pad + ("" if level == 1 else "- ") + "Fn::ForEach::L%d:\n" % level
    pad += "  " if level == 1 else "    "
    s += pad + "- X%d\n" % level + pad + "- [" + items + "]\n"
s += pad + "- Res${X1}${X2}${X3}${X4}${X5}:\n" + pad + "    Type: AWS::SNS::Topic\n"
open("foreach.yaml", "w").write(s)
# one 4 MiB token
open("token.yaml", "w").write("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: " + "a" * (4 << 20) + "\n")
# a plain 62 MB YAML
with open("big.yaml", "w") as f:
    f.write("Resources:\n")
    i = size = 0
    while size < 62 * 1024 * 1024:
        r = "  T%d:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: t%d\n      Tags:\n        - Key: k\n          Value: v\n" % (i, i)
        f.write(r); size += len(r); i += 1
# 850 KB that loads in a second but whose rules would run for many minutes: security groups, endpoints and instances
# under undecided conditions, so GD002 compares every workload with every endpoint in many combinations
# (validator/src/test/java/dev/preflight/engine/SlowRules.java writes the same shape)
import json
groups, endpoints, conds = 600, 200, 12
C = {"C%d" % k: {"Fn::Equals": [{"Ref": "P"}, "v%d" % k]} for k in range(conds)}
R = {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16", "EnableDnsSupport": True, "EnableDnsHostnames": True}},
     "Sub": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24"}}}
def rule(c, key, peer):
    return {"Fn::If": ["C%d" % c, {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, key: {"Ref": "Sg%d" % peer}}, {"Ref": "AWS::NoValue"}]}
for i in range(groups):
    R["Sg%d" % i] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {"VpcId": {"Ref": "Vpc"}, "GroupDescription": "x",
        "SecurityGroupEgress": [rule((i + k) % conds, "DestinationSecurityGroupId", (i + k) % groups) for k in range(1, 4)],
        "SecurityGroupIngress": [rule((i + k + 1) % conds, "SourceSecurityGroupId", (i + k) % groups) for k in range(1, 4)]}}
for j in range(endpoints):
    R["Ep%d" % j] = {"Type": "AWS::EC2::VPCEndpoint", "Condition": "C%d" % (j % conds), "Properties": {"VpcId": {"Ref": "Vpc"},
        "ServiceName": "com.amazonaws.us-east-1.guardduty-data", "VpcEndpointType": "Interface", "PrivateDnsEnabled": True,
        "SubnetIds": [{"Ref": "Sub"}], "SecurityGroupIds": [{"Ref": "Sg%d" % ((j * 7 + k) % groups)} for k in range(3)]}}
    R["I%d" % j] = {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "ami-1", "SubnetId": {"Ref": "Sub"},
        "SecurityGroupIds": [{"Fn::If": ["C%d" % ((j + k) % conds), {"Ref": "Sg%d" % ((j * 3 + k) % groups)}, {"Ref": "AWS::NoValue"}]} for k in range(5)]}}
json.dump({"Parameters": {"P": {"Type": "String"}}, "Conditions": C, "Resources": R}, open("conditions.json", "w"))
# a cloud assembly whose manifest names /dev/zero and a file outside it
os.makedirs("cdk.out", exist_ok=True)
open("outside.json", "w").write('{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}}}')
open("cdk.out/Good.template.json", "w").write('{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}}}')
open("cdk.out/manifest.json", "w").write('{"version": "36.0.0", "artifacts": {'
    '"Good": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Good.template.json"}},'
    '"Zero": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "/dev/zero"}},'
    '"Out": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../outside.json"}}}}')
PY
mkfifo pipe.json

fail=0
timed() { if command -v /usr/bin/time >/dev/null 2>&1; then /usr/bin/time -f '%e s, %M KiB peak' "$@"; else "$@"; fi; }
check() {
  local name=$1 expect=$2; shift 2
  set +e
  timed timeout 600 env ${CHECK_ENV:-} "$root/bin/preflight" check --cfn-lint off --fail-on never --no-color "$@" good.yaml >out.txt 2>err.txt
  local code=$?
  set -e
  local errors measured
  errors=$(grep -c '^error: ' out.txt || true)
  measured=$(tail -n 1 err.txt)
  if [ "$code" -ne 2 ] || ! grep -q -- "$expect" out.txt || ! grep -q 'Checked [1-9]' out.txt \
      || grep -q 'OutOfMemoryError' out.txt err.txt; then
    echo "FAIL $name: exit $code, $errors error line(s); expected '$expect'" >&2
    cat out.txt err.txt >&2
    fail=1
  else
    echo "ok   $name: exit 2, $errors error line(s), $measured"
  fi
}
check "aliases of a long scalar in Fn::Join (1 MB)" "the budget of text per input" aliases.yaml
check "/dev/zero as an input" "/dev/zero: a character device" /dev/zero
check "cdk manifest naming /dev/zero and ../outside.json" "is outside the cloud assembly" cdk.out
check "Fn::ForEach 5 levels x 30" "Fn::ForEach loops expand to more than" foreach.yaml
check "a 4 MiB YAML token" "a YAML token longer than" token.yaml
check "a plain 62 MB YAML" "the YAML has more than 2,000,000 values" big.yaml
if grep -qi 'alias' out.txt; then echo "FAIL a plain 62 MB YAML is called an alias bomb" >&2; fail=1; fi
# The rules' budget is lowered to 5 s for this case (the default, 30 s per input, works the same way): the rules have
# become fast enough that this input takes about 45 s of CPU time in all, under the default budget of a two-input run
# (60 s per rule), and a lowered budget keeps the case meaningful as the rules get faster, and CI short.
CHECK_ENV="JAVA_TOOL_OPTIONS=-Dpreflight.budget.seconds=5" \
  check "rules over 200 workloads x 200 endpoints under 12 conditions" "took more than 5 s of CPU time on this input" conditions.json
check "a FIFO named directly" "a FIFO (named pipe)" pipe.json
exit "$fail"
