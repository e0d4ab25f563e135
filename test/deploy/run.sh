#!/usr/bin/env bash
# Deploy test: deploys efsfargate's CloudFormation templates and CDK app to a
# local moto server (no AWS account, no network) and reads every resource back
# through the AWS API. See README.md.
#
#   test/deploy/run.sh            # everything
#   DEPLOY_PARTS=raw test/deploy/run.sh   # only the emitted templates (or: cdk)
#
# The script builds what it needs first, then re-runs itself inside a network
# namespace of its own (unshare -n) where moto listens on loopback, so nothing
# it does can reach, or collide with, anything outside.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TESTDATA=$HERE/testdata
CHECK=$HERE/check.py
PARTS=${DEPLOY_PARTS:-raw cdk}

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PYTHONDONTWRITEBYTECODE=1 # mutate.py imports check.py: no __pycache__ in the tree

say() { printf '%s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
die() { printf 'deploy: %s\n' "$*" >&2; exit 1; }
has_part() { [[ " $PARTS " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------
# Outside the namespace: tools and builds (these may need the module proxy or
# the npm registry).
# ---------------------------------------------------------------------------
prepare() {
  section "prepare"
  local tool
  for tool in python3 aws go; do
    command -v "$tool" >/dev/null || die "$tool not found"
  done
  python3 -c 'import boto3, yaml, moto' 2>/dev/null ||
    die "python3 needs boto3, PyYAML and moto (moto[server] 5.2)"
  say "moto $(python3 -c 'import moto; print(moto.__version__)'), $(aws --version 2>&1)"

  mkdir -p "$WORK/bin"
  if has_part raw && [[ -d $ROOT/cmd/efsfargate ]]; then
    say "building cmd/efsfargate"
    (cd "$ROOT" && go build -o "$WORK/bin/efsfargate" ./cmd/efsfargate)
  fi
  if has_part cdk && [[ -d $ROOT/cmd/efsfargate-cdk && -f $ROOT/cdk.json ]]; then
    if [[ ! -x $ROOT/node_modules/.bin/cdk ]]; then
      say "installing the pinned CDK CLI (npm ci)"
      (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    say "building cmd/efsfargate-cdk"
    (cd "$ROOT" && go build -o "$WORK/bin/efsfargate-cdk" ./cmd/efsfargate-cdk)
  fi
}

outer() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/efsfargate-deploy.XXXXXX")
  export WORK
  trap 'rm -rf "$WORK"' EXIT
  prepare

  export EFSFARGATE_DEPLOY_INNER=1
  local rc=0
  if unshare -n ip link set lo up 2>/dev/null; then
    export EFSFARGATE_DEPLOY_NETNS=1
    unshare -n -- bash "$HERE/run.sh" || rc=$?
  else
    # No namespace without CAP_SYS_ADMIN (or without iproute2): fall back to
    # the host's loopback; moto still binds 127.0.0.1 only, on a free port.
    say "note: unshare -n is not permitted here; using the host's loopback"
    bash "$HERE/run.sh" || rc=$?
  fi
  # On failure keep moto's log, the templates and the CDK output (the inner
  # run names the folder).
  ((rc == 0)) || trap - EXIT
  exit "$rc"
}

# ---------------------------------------------------------------------------
# Inside the namespace.
# ---------------------------------------------------------------------------
RESULTS=
MOTO_PID=

pass() { printf 'PASS\t%s\n' "$1" >>"$RESULTS"; say "    ok   $1"; }
fail() {
  local detail
  detail=$(printf '%s' "${2:-}" | tr -s '\n\t ' ' ' | sed 's/^ //')
  printf 'FAIL\t%s: %s\n' "$1" "$detail" >>"$RESULTS"
  say "    FAIL $1"
  [[ -z $detail ]] || say "         $detail"
}

stop_moto() {
  if [[ -n $MOTO_PID ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
}

# The last Python error moto logged, to explain an HTTP 500.
moto_error() {
  grep -E '^[A-Za-z_.]+(Error|Exception)\b' "$WORK/moto.log" | tail -n 1 || true
}

start_moto() {
  section "moto"
  if [[ ${EFSFARGATE_DEPLOY_NETNS:-} == 1 ]]; then
    ip link set lo up
    say "network namespace: own (only loopback)"
  fi
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 "$HERE/moto_server.py" -H 127.0.0.1 -p "$port" >"$WORK/moto.log" 2>&1 &
  MOTO_PID=$!
  trap stop_moto EXIT

  local i
  for ((i = 0; i < 60; i++)); do
    kill -0 "$MOTO_PID" 2>/dev/null || { cat "$WORK/moto.log" >&2; die "moto_server exited"; }
    if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
      "http://127.0.0.1:$port/moto-api/" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  ((i < 60)) || die "moto_server did not answer on port $port within 30 s"
  grep '^moto patch' "$WORK/moto.log" | sed 's/^/  /' || true
  say "moto_server pid $MOTO_PID listening on 127.0.0.1:$port"

  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true CDK_DISABLE_VERSION_CHECK=1
  export AWS_ENDPOINT_URL=http://127.0.0.1:$port
  export AWS_PAGER=
  export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
  unset AWS_PROFILE AWS_SESSION_TOKEN
  export AWS_CONFIG_FILE=$WORK/aws-config AWS_SHARED_CREDENTIALS_FILE=$WORK/aws-credentials
}

# VPC, two subnets in two AZs, a cluster, and an existing encrypted file
# system with its security group and one mount target per subnet; then the
# stack that exports the group as efs-security-group-id.
VPC= SUBNET_A= SUBNET_B= CLUSTER= EXISTING_FS= EXISTING_SG=
prerequisites() {
  section "prerequisites"
  VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
  SUBNET_A=$(aws ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.1.0/24 \
    --availability-zone us-east-1a --query Subnet.SubnetId --output text)
  SUBNET_B=$(aws ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.2.0/24 \
    --availability-zone us-east-1b --query Subnet.SubnetId --output text)
  CLUSTER=$(aws ecs create-cluster --cluster-name efsfargate-deploy-test \
    --query cluster.clusterArn --output text)
  EXISTING_FS=$(aws efs create-file-system --encrypted --creation-token efsfargate-deploy-existing \
    --tags Key=Name,Value=existing --query FileSystemId --output text)
  EXISTING_SG=$(aws ec2 create-security-group --group-name existing-efs-mount-targets \
    --description "Mount targets of the existing file system" --vpc-id "$VPC" \
    --query GroupId --output text)
  local subnet
  for subnet in "$SUBNET_A" "$SUBNET_B"; do
    aws efs create-mount-target --file-system-id "$EXISTING_FS" --subnet-id "$subnet" \
      --security-groups "$EXISTING_SG" --query MountTargetId --output text >/dev/null
  done
  say "VPC $VPC, subnets $SUBNET_A (us-east-1a) $SUBNET_B (us-east-1b)"
  say "cluster $CLUSTER"
  say "existing file system $EXISTING_FS, mount target group $EXISTING_SG"

  create_stack efs-export "$TESTDATA/efs-export.yml" SecurityGroupId="$EXISTING_SG" || die "export stack failed"
  local exported
  exported=$(aws cloudformation list-exports \
    --query "Exports[?Name=='efs-security-group-id'].Value" --output text)
  [[ $exported == "$EXISTING_SG" ]] || die "efs-security-group-id export is '$exported'"
  say "export efs-security-group-id = $exported"
}

# create_stack NAME TEMPLATE [Param=Value ...]: create-stack (not deploy: moto
# drops outputs on the change-set path) and wait, bounded, for the result.
create_stack() {
  local name=$1 template=$2 err status reason i
  shift 2
  python3 "$CHECK" params --template "$template" --out "$WORK/$name.params.json" "$@" >/dev/null ||
    { fail "$name: every template parameter has a value"; return 1; }
  local extra=(--no-enable-termination-protection)
  [[ ${CREATE_PROTECTED:-} != 1 ]] || extra=(--enable-termination-protection)
  if ! err=$(aws cloudformation create-stack --stack-name "$name" --template-body "file://$template" \
    --parameters "file://$WORK/$name.params.json" "${extra[@]}" \
    --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM 2>&1 >/dev/null); then
    fail "$name: create-stack" "$(printf '%s' "$err" | tr -s '\n' ' ' | head -c 200) | moto: $(moto_error)"
    return 1
  fi
  for ((i = 0; i < 60; i++)); do
    status=$(aws cloudformation describe-stacks --stack-name "$name" \
      --query 'Stacks[0].StackStatus' --output text)
    [[ $status == *_IN_PROGRESS ]] || break
    sleep 1
  done
  if [[ $status != CREATE_COMPLETE ]]; then
    reason=$(aws cloudformation describe-stacks --stack-name "$name" \
      --query 'Stacks[0].StackStatusReason' --output text)
    fail "$name: stack created" "status $status: $reason | moto: $(moto_error)"
    return 1
  fi
  say "  stack $name: $status"
}

# delete_stack NAME: delete-stack and wait, bounded. On an error, returns 1
# with the message in DELETE_ERROR.
DELETE_ERROR=
delete_stack() {
  local name=$1 status i
  DELETE_ERROR=
  if ! DELETE_ERROR=$(aws cloudformation delete-stack --stack-name "$name" 2>&1 >/dev/null); then
    DELETE_ERROR=$(printf '%s' "$DELETE_ERROR" | tr '\n' ' ' | head -c 300)
    say "  stack $name: delete-stack failed: $DELETE_ERROR"
    return 1
  fi
  for ((i = 0; i < 60; i++)); do
    status=$(aws cloudformation describe-stacks --stack-name "$name" \
      --query 'Stacks[0].StackStatus' --output text 2>/dev/null) || status=gone
    [[ $status == *_IN_PROGRESS ]] || break
    sleep 1
  done
  say "  stack $name deleted: $status"
}

# The guide's own template against the same prerequisites: proves them right
# before an emitted template is judged by them.
baseline() {
  section "baseline: the guide's template"
  create_stack guide "$TESTDATA/guide-template.yml" ClusterArn="$CLUSTER" \
    EFSFileSystemId="$EXISTING_FS" SubnetIds="$SUBNET_A,$SUBNET_B" VpcId="$VPC" || return 0
  pass "guide template deploys against the prerequisites"
  local task_sg sources rules
  task_sg=$(aws cloudformation describe-stack-resource --stack-name guide \
    --logical-resource-id TaskSecurityGroup --query StackResourceDetail.PhysicalResourceId --output text)
  sources=$(aws ec2 describe-security-groups --group-ids "$EXISTING_SG" \
    --query 'SecurityGroups[0].IpPermissions[?FromPort==`2049`].UserIdGroupPairs[].GroupId' --output text)
  [[ $sources == "$task_sg" ]] && pass "guide: NFS rule from its task group on the imported group" ||
    fail "guide: NFS rule from its task group on the imported group" "sources '$sources', task group $task_sg"
  delete_stack guide || fail "guide: delete-stack" "$DELETE_ERROR"
  # moto 5.2 has no CloudFormation delete for AWS::EC2::SecurityGroupIngress:
  # remove the rule as AWS would, so the next stack finds the group clean.
  # Its source group is gone by now, so revoke it by rule id.
  rules=$(aws ec2 describe-security-group-rules --filters "Name=group-id,Values=$EXISTING_SG" \
    --query 'SecurityGroupRules[?!IsEgress].SecurityGroupRuleId' --output text)
  if [[ -n $rules ]]; then
    say "  note: moto kept the guide's NFS rule after DeleteStack (moto gap); revoking it"
    # shellcheck disable=SC2086 # one id per word
    aws ec2 revoke-security-group-ingress --group-id "$EXISTING_SG" --security-group-rule-ids $rules >/dev/null
  fi
}

# deploy_and_check NAME TEMPLATE EXPECT [check.py options]: deploy, read
# back, delete, read back again.
deploy_and_check() {
  local name=$1 template=$2 expect=$3
  shift 3
  local network=(VpcId="$VPC" SubnetIds="$SUBNET_A,$SUBNET_B" ClusterArn="$CLUSTER" EFSFileSystemId="$EXISTING_FS")
  create_stack "$name" "$template" "${network[@]}" || return 0
  say "  read back:"
  python3 "$CHECK" deployed --stack "$name" --expect "$expect" --state "$WORK/$name.state.json" "$@" || true
  delete_stack "$name" || fail "$name: delete-stack" "$DELETE_ERROR"
  say "  after delete:"
  python3 "$CHECK" deleted --state "$WORK/$name.state.json" || true
}

# emit NAME [spec]: the raw template from the CLI, into $WORK/NAME.template.
emit() {
  local name=$1 spec=${2:-}
  if [[ ! -x $WORK/bin/efsfargate ]]; then
    fail "$name: emit" "cmd/efsfargate does not exist yet"
    return 1
  fi
  local args=(emit)
  [[ -z $spec ]] || args+=(-f "$spec")
  if ! (cd "$ROOT" && "$WORK/bin/efsfargate" "${args[@]}") >"$WORK/$name.template" 2>"$WORK/$name.emit.err"; then
    fail "$name: efsfargate ${args[*]}" "$(head -c 300 "$WORK/$name.emit.err")"
    return 1
  fi
  pass "$name: efsfargate ${args[*]}"
}

raw_reference() {
  section "raw: reference spec on the existing file system"
  emit reference || return 0
  local params
  params=$(python3 "$CHECK" params --template "$WORK/reference.template" --out /dev/null \
    VpcId=x SubnetIds=x ClusterArn=x EFSFileSystemId=x)
  [[ $params == "ClusterArn EFSFileSystemId SubnetIds VpcId" ]] &&
    pass "reference: the guide's four parameters" ||
    fail "reference: the guide's four parameters" "parameters: $params"
  deploy_and_check efsfargate-reference "$WORK/reference.template" "$TESTDATA/reference.expect.json" \
    --efs-sg "$EXISTING_SG" --fs-id "$EXISTING_FS" --subnets "$SUBNET_A,$SUBNET_B"
}

# spec_of NAME: testdata/NAME.yml, or the example of that name (the
# multi-service example is deployed as it is published).
spec_of() {
  if [[ -f $TESTDATA/$1.yml ]]; then
    printf '%s\n' "$TESTDATA/$1.yml"
  else
    printf '%s\n' "$ROOT/examples/$1.yml"
  fi
}

raw_managed() {
  local name=$1 spec
  spec=$(spec_of "$name")
  section "raw: ${spec#"$ROOT"/} (managed file system)"
  emit "$name" "$spec" || return 0
  deploy_and_check "efsfargate-$name" "$WORK/$name.template" "$TESTDATA/$name.expect.json" \
    --subnets "$SUBNET_A,$SUBNET_B"
}

# create_stack_protected NAME TEMPLATE [Param=Value ...]: create_stack with
# --enable-termination-protection, as the README deploys a base stack.
create_stack_protected() {
  CREATE_PROTECTED=1 create_stack "$@"
}

# stack_exists NAME: the stack is listed and not deleted.
stack_exists() {
  local status
  status=$(aws cloudformation describe-stacks --stack-name "$1" \
    --query 'Stacks[0].StackStatus' --output text 2>/dev/null) || return 1
  [[ $status != DELETE_COMPLETE ]]
}

# unprotect NAME: turn termination protection off before deleting the base
# stack, as on AWS. moto 5.2.1 has no UpdateTerminationProtection (HTTP 500)
# and ignores the protection on DeleteStack anyway.
unprotect() {
  if ! aws cloudformation update-termination-protection --stack-name "$1" \
    --no-enable-termination-protection >/dev/null 2>&1; then
    say "  note: moto has no UpdateTerminationProtection (moto gap: $(moto_error)); deleting anyway"
  fi
}

# A split spec: the base stack and one stack per service, created in the
# order emit prints, read back, then taken down the way a user would: one
# service stack first (the rest stays as it was), then the rest in reverse
# order. The file system is retained and outlives the base stack.
raw_split() {
  local spec=$ROOT/examples/split.yml
  section "raw: examples/split.yml (layout: split)"
  if [[ ! -x $WORK/bin/efsfargate ]]; then
    fail "split: emit" "cmd/efsfargate does not exist yet"
    return 0
  fi
  local out=$WORK/split.out
  if ! (cd "$ROOT" && "$WORK/bin/efsfargate" emit -f "$spec" --out-dir "$out") >"$WORK/split.order" \
    2>"$WORK/split.emit.err"; then
    fail "split: efsfargate emit --out-dir" "$(head -c 300 "$WORK/split.emit.err")"
    return 0
  fi
  local order
  mapfile -t order <"$WORK/split.order"
  [[ ${order[*]} == "notes-dev notes-dev-db notes-dev-app" ]] &&
    pass "split: emit prints the stacks in deploy order (${order[*]})" ||
    fail "split: emit prints the stacks in deploy order" "printed: ${order[*]}"
  local files=("$out"/*)
  files=("${files[@]#"$out"/}")
  [[ ${files[*]} == "notes-dev-app.yaml notes-dev-db.yaml notes-dev.yaml" ]] &&
    pass "split: one template per stack" || fail "split: one template per stack" "files: ${files[*]}"

  # The base stack takes the network and cluster and passes them on: the
  # service stacks are created with no parameters at all.
  local network=(VpcId="$VPC" SubnetIds="$SUBNET_A,$SUBNET_B" ClusterArn="$CLUSTER") stack
  create_stack_protected "${order[0]}" "$out/${order[0]}.yaml" "${network[@]}" || return 0
  for stack in "${order[@]:1}"; do
    create_stack "$stack" "$out/$stack.yaml" || return 0
  done
  pass "split: ${#order[@]} stacks created in the printed order, the service stacks without parameters"
  say "  read back:"
  local state=$WORK/split.state.json
  python3 "$CHECK" deployed --stack "${order[0]}" --expect "$TESTDATA/split.expect.json" --state "$state" \
    --subnets "$SUBNET_A,$SUBNET_B" || true
  [[ -s $state ]] || { fail "split: read back wrote its state"; return 0; }

  # Stacks import only from earlier ones, so nothing imports from the last:
  # CloudFormation lets it go first.
  local last=${order[-1]}
  delete_stack "$last" || fail "$last: delete-stack" "$DELETE_ERROR"
  say "  after deleting $last alone:"
  python3 "$CHECK" partial --state "$state" --deleted-stack "$last" || true

  local i
  for ((i = ${#order[@]} - 2; i >= 0; i--)); do
    ((i > 0)) || unprotect "${order[0]}"
    delete_stack "${order[i]}" || fail "${order[i]}: delete-stack" "$DELETE_ERROR"
  done
  say "  after deleting the rest in reverse order:"
  python3 "$CHECK" deleted --state "$state" || true
  split_base_in_use "$out" "${network[@]}"
}

# CloudFormation refuses to delete a stack whose export another stack
# imports ("Export … cannot be deleted as it is in use by …"), and one with
# termination protection. Deploy the base and the first service stack again
# and try: moto 5.2.1 deletes the base stack anyway, which is reported, not
# counted (the read-back above asserts the preconditions AWS refuses on:
# protection on, the base's exports imported by each live service stack).
split_base_in_use() {
  local out=$1 base=notes-dev user=notes-dev-db
  shift
  say "  deleting $base while $user imports from it:"
  create_stack_protected "$base" "$out/$base.yaml" "$@" || return 0
  create_stack "$user" "$out/$user.yaml" || return 0
  local err
  if err=$(aws cloudformation delete-stack --stack-name "$base" 2>&1) && ! stack_exists "$base"; then
    say "  note: moto deleted $base although it has termination protection and $user imports its exports"
    say "        (moto gap: AWS refuses both; see README)"
  else
    stack_exists "$base" && pass "split: $base not deleted while $user imports from it" ||
      fail "split: $base not deleted while $user imports from it" "$err"
  fi
  delete_stack "$user" || fail "$user: delete-stack" "$DELETE_ERROR"
  if stack_exists "$base"; then
    unprotect "$base"
    delete_stack "$base" || fail "$base: delete-stack" "$DELETE_ERROR"
  fi
}

# The checker must be able to fail: deploy the NAME template (mongo or
# multi-service) broken in several ways (mutate.py) and require check.py to
# flag each one.
checker_selftest() {
  local name=$1 stack=efsfargate-broken-$1
  section "self-test: check.py on a deliberately broken $name template"
  [[ -s $WORK/$name.template ]] || { fail "self-test: needs the emitted $name template"; return 0; }
  python3 "$HERE/mutate.py" "$WORK/$name.template" "$WORK/$stack.template" "$WORK/$stack.expected" "$name"
  local network=(VpcId="$VPC" SubnetIds="$SUBNET_A,$SUBNET_B" ClusterArn="$CLUSTER")
  create_stack "$stack" "$WORK/$stack.template" "${network[@]}" || return 0
  DEPLOY_RESULTS=$WORK/$stack.results python3 "$CHECK" deployed --stack "$stack" \
    --expect "$TESTDATA/$name.expect.json" --state "$WORK/$stack.state.json" >/dev/null || true
  local check tab=$'\t'
  while IFS= read -r check; do
    if grep -qF "FAIL$tab$check" "$WORK/$stack.results"; then
      pass "self-test: check.py flags a broken '$check'"
    else
      fail "self-test: check.py flags a broken '$check'" "it did not"
    fi
  done <"$WORK/$stack.expected"
  delete_stack "$stack" || fail "$stack: delete-stack" "$DELETE_ERROR"
}

# Every read-back check must be able to fail, including those no deployable
# stack can break in moto (two mount targets in one AZ, a missing access
# point): check_test.py runs check.py on stubbed API answers, one break each.
checker_stub_selftest() {
  section "self-test: every check.py check on stubbed API answers"
  local breaks
  breaks=$(cd "$HERE" && python3 -c 'import check_test as t
print(len(t.DEPLOYED_BREAKS) + len(t.deleted_breaks()) + len(t.PARTIAL_BREAKS) + len(t.SYNTH_BREAKS))')
  if (cd "$HERE" && python3 check_test.py) >"$WORK/check_test.log" 2>&1; then
    pass "self-test: each of $breaks stubbed breaks fails its check, and every check has one"
  else
    fail "self-test: check_test.py" "$(grep -E '^(FAIL|ERROR|AssertionError)' "$WORK/check_test.log" | head -n 5)"
  fi
}

# cdk_managed NAME [cdk deploy options]: the CDK app for testdata/NAME.yml.
# Bootstrapless synthesis needs no CDKToolkit stack; --method direct uses
# CreateStack, which keeps outputs in moto (its change sets drop them).
cdk_managed() {
  local name=$1 spec
  shift
  spec=$(spec_of "$name")
  section "cdk: ${spec#"$ROOT"/} (managed file system)"
  if [[ ! -x $WORK/bin/efsfargate-cdk ]]; then
    fail "cdk $name: app" "cmd/efsfargate-cdk and cdk.json do not exist yet"
    return 0
  fi
  local out=$WORK/cdk-$name.out
  if ! (cd "$ROOT" && npx --no-install cdk deploy --app "$WORK/bin/efsfargate-cdk" --output "$out" \
    -c spec="$spec" -c synthesizer=bootstrapless "$@" \
    --require-approval never --method direct --no-notices --ci --progress events) \
    >"$WORK/cdk-$name.log" 2>&1; then
    fail "cdk $name: npx cdk deploy" "$(tail -n 5 "$WORK/cdk-$name.log" | tr '\n' ' ') | moto: $(moto_error)"
    return 0
  fi
  local stack
  stack=$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1] + "/manifest.json"))
print(" ".join(a["properties"].get("stackName", k) for k, a in m["artifacts"].items()
               if a["type"] == "aws:cloudformation:stack"))' "$out")
  [[ $stack != *" "* && -n $stack ]] || { fail "cdk $name: one stack" "stacks: '$stack'"; return 0; }
  pass "cdk $name: npx cdk deploy ($stack)"
  say "  read back:"
  local subnets=()
  [[ " $* " != *" SubnetIds="* ]] || subnets=(--subnets "$SUBNET_A,$SUBNET_B")
  python3 "$CHECK" deployed --stack "$stack" --expect "$TESTDATA/$name.expect.json" \
    --state "$WORK/cdk-$name.state.json" "${subnets[@]}" || true
  local aborted=()
  if ! delete_stack "$stack"; then
    # moto 5.2 implements no CloudFormation delete for the NAT gateways,
    # internet gateway, route tables, routes and flow log of a VPC the CDK
    # stack makes, so DeleteStack stops at that VPC, before it removes the
    # stack's exports. Any other error is ours.
    if [[ $DELETE_ERROR == *DependencyViolation*"The vpc vpc-"*"has dependencies"* ]]; then
      say "  note: moto cannot delete the CDK-made VPC (moto gap); checking our resources anyway"
      aborted=(--delete-stopped-at-vpc)
    else
      fail "cdk $name: delete-stack" "$DELETE_ERROR"
    fi
  fi
  say "  after delete:"
  python3 "$CHECK" deleted --state "$WORK/cdk-$name.state.json" "${aborted[@]}" || true
}

# cdk_split: `cdk deploy --all` of examples/split.yml, read back across the
# three stacks as the raw form is, then one service stack deleted with the
# rest untouched. The service stacks take the base stack's VPC, subnets and
# cluster by export name, as the raw form's do; the synthesized stacks are
# also checked against the raw form (names, order, dependencies, exports,
# imports, termination protection, no weak references).
cdk_split() {
  local spec=$ROOT/examples/split.yml out=$WORK/cdk-split.out names="notes-dev notes-dev-db notes-dev-app"
  section "cdk: examples/split.yml (layout: split, cdk deploy --all)"
  if [[ ! -x $WORK/bin/efsfargate-cdk ]]; then
    fail "cdk split: app" "cmd/efsfargate-cdk and cdk.json do not exist yet"
    return 0
  fi
  if (cd "$ROOT" && npx --no-install cdk deploy --all --app "$WORK/bin/efsfargate-cdk" --output "$out" \
    -c spec="$spec" -c synthesizer=bootstrapless \
    --require-approval never --method direct --no-notices --ci --progress events) \
    >"$WORK/cdk-split.log" 2>&1; then
    pass "cdk split: npx cdk deploy --all ($names)"
  else
    fail "cdk split: npx cdk deploy --all" "$(tail -n 5 "$WORK/cdk-split.log" | tr '\n' ' ') | moto: $(moto_error)"
  fi
  [[ -f $out/manifest.json ]] || { fail "cdk split: synthesized" "no $out/manifest.json"; return 0; }
  local deployed=1 stack
  for stack in $names; do
    stack_exists "$stack" || deployed=0
  done
  if ((deployed)); then
    say "  read back:"
    local state=$WORK/cdk-split.state.json
    python3 "$CHECK" deployed --stack notes-dev --expect "$TESTDATA/split.expect.json" --state "$state" || true
    if [[ -s $state ]]; then
      delete_stack notes-dev-app || fail "notes-dev-app: delete-stack" "$DELETE_ERROR"
      say "  after deleting notes-dev-app alone:"
      python3 "$CHECK" partial --state "$state" --deleted-stack notes-dev-app || true
    fi
  fi
  say "  the synthesized stacks against the raw form:"
  python3 "$CHECK" synthesized --out "$out" --expect "$TESTDATA/split.expect.json" --order "$names" || true
  # Take down what moto made, latest first; moto cannot delete the VPC the
  # base stack makes (see cdk_managed), so that stack may stay.
  for stack in notes-dev-app notes-dev-db notes-dev; do
    if stack_exists "$stack"; then
      unprotect "$stack"
      delete_stack "$stack" || say "  note: $stack left behind (moto gap, see cdk_managed)"
    fi
  done
}

inner() {
  RESULTS=$WORK/results
  export DEPLOY_RESULTS=$RESULTS
  : >"$RESULTS"
  start_moto
  prerequisites
  if has_part raw && [[ ${DEPLOY_ONLY:-} == split ]]; then
    raw_split
  elif has_part raw; then
    baseline
    raw_reference
    raw_managed mongo
    raw_managed destroy
    raw_managed params
    # connects_to, secrets, a service without volumes, scratch paths.
    raw_managed multi-service
    # layout: split: a base stack and one stack per service.
    raw_split
    checker_selftest mongo
    checker_selftest multi-service
    checker_stub_selftest
  fi
  if has_part cdk && [[ ${DEPLOY_ONLY:-} == split ]]; then
    cdk_split
  elif has_part cdk; then
    cdk_managed params --parameters "VpcId=$VPC" --parameters "SubnetIds=$SUBNET_A,$SUBNET_B" \
      --parameters "ClusterArn=$CLUSTER"
    cdk_managed multi-service
    # Last: moto leaves this stack's exports behind (see cdk_managed).
    cdk_managed mongo
    # layout: split with cdk deploy --all; may leave its base stack behind.
    cdk_split
  fi

  local passed failed
  passed=$(grep -c '^PASS' "$RESULTS" || true)
  failed=$(grep -c '^FAIL' "$RESULTS" || true)
  if ((failed > 0)); then
    section "failed checks"
    grep '^FAIL' "$RESULTS" | cut -f2- | sed 's/^/  /'
    say "  (moto's log, the templates and the CDK output are kept in $WORK)"
  fi
  printf '\ndeploy: %d passed, %d failed (parts: %s)\n' "$passed" "$failed" "$PARTS"
  ((failed == 0 && passed > 0))
}

if [[ ${EFSFARGATE_DEPLOY_INNER:-} == 1 ]]; then
  inner
else
  outer
fi
