"""Self-test of check.py: every read-back check must be able to fail.

  python3 test/deploy/check_test.py

check.py runs against stubbed AWS API answers (no moto, no network): first a
stack exactly as expected, where every check passes; then one broken answer
at a time, each of which must make its check fail and no other check pass
that failed before. Many of the breaks are stacks moto or AWS would refuse to
create (two mount targets in one AZ, a missing access point), which is why
they are stubbed instead of deployed. Finally every check seen passing must
be failed by some break, so a new check cannot go without a self-test.
"""

import contextlib
import copy
import io
import json
import os
import re
import tempfile
import sys
import unittest

import botocore.exceptions

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")
ACCOUNT = "123456789012"
REGION = "us-east-1"
EFS = "elasticfilesystem:"
SUBNETS = {"subnet-a": "us-east-1a", "subnet-b": "us-east-1b", "subnet-c": "us-east-1c"}


def not_found(op):
    return botocore.exceptions.ClientError({"Error": {"Code": "NotFound", "Message": "not found"}}, op)


# ---- a stack as AWS would describe it ----

def world_for(exp, fs_id="fs-0123", efs_sg="sg-efs"):
    """The API answers for a stack deployed exactly as exp expects."""
    prefix = f"{exp['app']}-{exp['stage']}"
    managed = exp["file_system"]["managed"]
    w = {"prefix": prefix, "stack_status": "CREATE_COMPLETE", "outputs": {}, "exports": {},
         "resources": [], "template": {"Resources": {}}, "file_systems": {}, "backup": {},
         "mount_targets": [], "mt_groups": {}, "access_points": {}, "groups": {}, "clusters": ["cluster-arn"],
         "services": [], "task_defs": {}, "roles": {}, "namespaces": {}, "sd_services": {},
         # A split layout: which stack holds an output or a resource (the
         # base stack unless named), each stack's status and protection.
         "output_stack": {}, "resource_stack": {}, "stack_statuses": {}, "termination": {}}
    split = exp.get("layout") == "split"
    home = [prefix]  # the stack the next outputs and resources go to

    def output(name, value):
        w["outputs"][name] = {"OutputKey": name, "OutputValue": value, "ExportName": f"{prefix}-{name}"}
        w["exports"][f"{prefix}-{name}"] = value
        w["output_stack"][name] = home[0]

    def resource(logical, physical):
        w["resources"].append({"LogicalResourceId": logical, "PhysicalResourceId": physical,
                               "ResourceStatus": "CREATE_COMPLETE", "_stack": home[0]})
        w["resource_stack"][logical] = home[0]

    if split:
        w["stack_statuses"] = {prefix: "CREATE_COMPLETE"}
        w["termination"][prefix] = exp.get("termination_protection", False)

    fs = exp["file_system"]
    w["file_systems"][fs_id] = {
        "FileSystemId": fs_id, "Encrypted": True, "Name": fs.get("name"),
        "FileSystemArn": f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{fs_id}",
        "PerformanceMode": fs.get("performance_mode", "generalPurpose"),
        "ThroughputMode": fs.get("throughput_mode", "bursting"), "NumberOfMountTargets": 2}
    w["backup"][fs_id] = "ENABLED" if fs.get("backup", True) else "DISABLED"
    output("FileSystemId", fs_id)
    if managed:
        output("FileSystemSecurityGroupId", efs_sg)
    for i, (subnet, az) in enumerate(sorted(SUBNETS.items())[:exp["mount_targets"]]):
        mt = f"fsmt-{i}"
        w["mount_targets"].append({"MountTargetId": mt, "FileSystemId": fs_id, "SubnetId": subnet,
                                   "AvailabilityZoneName": az})
        w["mt_groups"][mt] = [efs_sg]
    if split:
        output("ServicesVpcId", "vpc-1")
        output("ServicesSubnetIds", ",".join(m["SubnetId"] for m in w["mount_targets"]))
        output("ServicesCluster", "cluster-arn")
    ap_arns = {}
    for i, (vol, v) in enumerate(exp["volumes"].items()):
        ap = f"fsap-{i}"
        ap_arns[vol] = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:access-point/{ap}"
        w["access_points"][ap] = {
            "AccessPointId": ap, "AccessPointArn": ap_arns[vol], "FileSystemId": fs_id,
            "PosixUser": {"Uid": v["uid"], "Gid": v["gid"]},
            "RootDirectory": {"Path": v["path"], "CreationInfo": {
                "OwnerUid": v["uid"], "OwnerGid": v["gid"], "Permissions": v["permissions"]}},
            "Tags": [{"Key": "Name", "Value": f"{prefix}-{vol}"}]}
        output(check.logical_name(vol) + "AccessPointId", ap)
    registry = {}  # ECS service -> logical ID of its discovery service
    disc = exp.get("discovery")
    if disc:
        ns = "ns-0"
        w["namespaces"][ns] = {"Id": ns, "Name": disc["namespace"], "Type": "DNS_PRIVATE"}
        resource("ServiceDiscoveryNamespace", ns)
        if split:
            output("NamespaceId", ns)
        for ecs_name, sd_name in disc["services"].items():
            sv = f"srv-{sd_name}"
            w["sd_services"][sv] = {"Id": sv, "Name": sd_name, "NamespaceId": ns,
                                    "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 60}]}}
            registry[ecs_name] = check.logical_name(sd_name) + "DiscoveryService"
            if split:
                home[0] = exp["services"][ecs_name]["stack"]
            resource(registry[ecs_name], sv)
            home[0] = prefix
    pairs = []
    for name, s in exp["services"].items():
        p = s["id_prefix"]
        sg = f"sg-task-{name}"
        if split:
            home[0] = s["stack"]
            w["stack_statuses"][s["stack"]] = "CREATE_COMPLETE"
            w["termination"][s["stack"]] = False
            # What the stack imports, as a template would say it.
            w["template"]["Resources"][f"{p}Imports"] = {"Properties": {
                "Values": [{"Fn::ImportValue": i} for i in s["imports"]]}}
            w["resource_stack"][f"{p}Imports"] = s["stack"]
        w["groups"][sg] = {"GroupId": sg, "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": r["port"], "ToPort": r["port"],
             "UserIdGroupPairs": [{"GroupId": f"sg-task-{c}"} for c in r["from"]],
             "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []} for r in s.get("ingress", [])]}
        if check.efs_mounts(s):
            pairs.append({"GroupId": sg})
        output(p + "TaskSecurityGroupId", sg)
        svc_name = f"{prefix}-{name}-service"
        output(p + "ServiceName", svc_name)
        td_arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{s['family']}:1"
        w["services"].append({"serviceName": svc_name, "status": "ACTIVE", "desiredCount": s["desired_count"],
                              "taskDefinition": td_arn})
        log_group = f"{prefix}-{name}-logs"
        w["task_defs"][td_arn] = {"family": s["family"], "containerDefinitions": [{
            "name": s["container"], "image": s["image"], "essential": True,
            **({"user": s["user"]} if "user" in s else {}),
            **({"readonlyRootFilesystem": True} if s.get("read_only_root") else {}),
            "secrets": [{"name": k, "valueFrom": v} for k, v in s.get("secrets", {}).items()],
            "mountPoints": [{"sourceVolume": m["volume"], "containerPath": m["path"], "readOnly": m["read_only"]}
                            for m in s["mounts"]],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": log_group, "awslogs-stream-prefix": name}}}],
            "volumes": [{"name": v} for v in sorted({m["volume"] for m in s["mounts"]})]}
        task_role, exec_role = f"{p}TaskRole", f"{p}ExecutionRole"
        resource(f"{p}TaskDefinition", td_arn)
        resource(f"{p}Service", svc_name)
        resource(task_role, f"{prefix}-{name}-task-role")
        resource(exec_role, f"{prefix}-{name}-exec-role")
        for logical in (f"{p}TaskDefinition", f"{p}Service"):
            w["resource_stack"][logical] = home[0]
        w["template"]["Resources"][f"{p}TaskDefinition"] = {"Properties": {
            "TaskRoleArn": {"Fn::GetAtt": [task_role, "Arn"]},
            "ExecutionRoleArn": {"Fn::GetAtt": [exec_role, "Arn"]}}}
        w["template"]["Resources"][f"{p}Service"] = {"Type": "AWS::ECS::Service", "Properties": {
            **({"NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": {"Fn::Split": [
                ",", {"Fn::ImportValue": f"{prefix}-ServicesSubnetIds"}]}}}} if split else {}),
            "DeploymentConfiguration": {"MinimumHealthyPercent": s["deployment"]["minimum_healthy_percent"],
                                        "MaximumPercent": s["deployment"]["maximum_percent"]},
            **({"ServiceRegistries": [{"RegistryArn": {"Fn::GetAtt": [registry[name], "Arn"]}}]}
               if name in registry else {})}}
        statements = []
        for m in check.efs_mounts(s):
            actions = [EFS + "ClientMount"]
            if not m["read_only"]:
                actions.append(EFS + "ClientWrite")
            if m.get("root_access"):
                actions.append(EFS + "ClientRootAccess")
            statements.append({"Effect": "Allow", "Action": actions,
                               "Resource": w["file_systems"][fs_id]["FileSystemArn"],
                               "Condition": {"StringEquals": {EFS + "AccessPointArn": ap_arns[m["volume"]]}}})
        trust = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                                "Action": "sts:AssumeRole"}]}
        w["roles"][f"{prefix}-{name}-task-role"] = {"trust": copy.deepcopy(trust),
                                                     "inline": {"efs": {"Statement": statements}}}
        w["roles"][f"{prefix}-{name}-exec-role"] = {"trust": copy.deepcopy(trust), "inline": {"logs": {"Statement": [{
            "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{log_group}:*"}]}}}
        if s.get("secret_reads"):
            w["roles"][f"{prefix}-{name}-exec-role"]["inline"]["read-secrets"] = {"Statement": [
                {"Effect": "Allow", "Action": [a], "Resource": r} for a, r in s["secret_reads"].items()]}
    home[0] = prefix
    w["groups"][efs_sg] = {"GroupId": efs_sg, "IpPermissions": [
        {"IpProtocol": "tcp", "FromPort": 2049, "ToPort": 2049, "UserIdGroupPairs": pairs,
         "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []}]}
    return w


def deleted_world(w):
    """The answers after DeleteStack removed the stack and what it made."""
    d = copy.deepcopy(w)
    d["stack_status"] = None
    d["stack_statuses"] = dict.fromkeys(d["stack_statuses"])
    d["exports"] = {}
    d["access_points"] = {}
    d["namespaces"] = {}
    d["sd_services"] = {}
    for sg in list(d["groups"]):
        if sg.startswith("sg-task-"):
            del d["groups"][sg]
    return d


# ---- stubbed clients over a world ----

class Stub:
    def __init__(self, w):
        self.w = w

    # cloudformation
    def describe_stacks(self, StackName):
        status = self.w["stack_statuses"].get(StackName, self.w["stack_status"])
        if status is None:
            raise not_found("DescribeStacks")
        return {"Stacks": [{"StackName": StackName, "StackStatus": status,
                            "EnableTerminationProtection": self.w["termination"].get(StackName, False),
                            "Outputs": [o for k, o in self.w["outputs"].items() if self.mine(
                                self.w["output_stack"], k, StackName)]}]}

    def mine(self, where, key, stack):
        # One stack holds everything unless the world is split.
        return not self.w["stack_statuses"] or where.get(key) == stack

    def describe_stack_resources(self, StackName):
        return {"StackResources": [r for r in self.w["resources"] if self.mine(
            self.w["resource_stack"], r["LogicalResourceId"], StackName)]}

    def list_exports(self):
        return {"Exports": [{"Name": k, "Value": v} for k, v in self.w["exports"].items()]}

    def get_template(self, StackName):
        return {"TemplateBody": {"Resources": {k: v for k, v in self.w["template"]["Resources"].items()
                                               if self.mine(self.w["resource_stack"], k, StackName)}}}

    # efs
    def describe_file_systems(self, FileSystemId):
        if FileSystemId not in self.w["file_systems"]:
            raise not_found("DescribeFileSystems")
        return {"FileSystems": [self.w["file_systems"][FileSystemId]]}

    def describe_backup_policy(self, FileSystemId):
        return {"BackupPolicy": {"Status": self.w["backup"][FileSystemId]}}

    def describe_mount_targets(self, FileSystemId):
        return {"MountTargets": [m for m in self.w["mount_targets"] if m["FileSystemId"] == FileSystemId]}

    def describe_mount_target_security_groups(self, MountTargetId):
        return {"SecurityGroups": self.w["mt_groups"][MountTargetId]}

    def describe_access_points(self, AccessPointId=None, FileSystemId=None):
        if AccessPointId is not None:
            if AccessPointId not in self.w["access_points"]:
                raise not_found("DescribeAccessPoints")
            return {"AccessPoints": [self.w["access_points"][AccessPointId]]}
        return {"AccessPoints": [a for a in self.w["access_points"].values() if a["FileSystemId"] == FileSystemId]}

    # ec2
    def describe_security_groups(self, GroupIds):
        if GroupIds[0] not in self.w["groups"]:
            raise not_found("DescribeSecurityGroups")
        return {"SecurityGroups": [self.w["groups"][GroupIds[0]]]}

    def describe_subnets(self, SubnetIds):
        return {"Subnets": [{"SubnetId": x, "AvailabilityZone": SUBNETS[x]} for x in SubnetIds]}

    # ecs
    def list_clusters(self):
        return {"clusterArns": self.w["clusters"]}

    def describe_services(self, cluster, services):
        return {"services": [s for s in self.w["services"] if s["serviceName"] in services]}

    def describe_task_definition(self, taskDefinition):
        return {"taskDefinition": self.w["task_defs"][taskDefinition]}

    # servicediscovery: ListServices summaries have no NamespaceId, as on AWS
    def list_namespaces(self):
        return {"Namespaces": list(self.w["namespaces"].values())}

    def get_namespace(self, Id):
        if Id not in self.w["namespaces"]:
            raise not_found("GetNamespace")
        return {"Namespace": self.w["namespaces"][Id]}

    def list_services(self, Filters=None):
        return {"Services": [{"Id": sv["Id"], "Name": sv["Name"]} for sv in self.w["sd_services"].values()]}

    def get_service(self, Id):
        if Id not in self.w["sd_services"]:
            raise not_found("GetService")
        return {"Service": self.w["sd_services"][Id]}

    # iam: moto answers inline policies as a Python repr, AWS as JSON
    def get_role(self, RoleName):
        return {"Role": {"AssumeRolePolicyDocument": self.w["roles"][RoleName]["trust"]}}

    def list_role_policies(self, RoleName):
        return {"PolicyNames": list(self.w["roles"][RoleName]["inline"])}

    def get_role_policy(self, RoleName, PolicyName):
        return {"PolicyDocument": json.dumps(self.w["roles"][RoleName]["inline"][PolicyName])}

    def list_attached_role_policies(self, RoleName):
        return {"AttachedPolicies": []}


class Args:
    def __init__(self, **kw):
        self.__dict__.update({"stack": "s", "efs_sg": None, "fs_id": None, "subnets": None,
                              "delete_stopped_at_vpc": False, "base_only": False})
        self.__dict__.update(kw)


def run(fn, w, args):
    """Runs a check.py command on the stubbed world; returns {check: passed}."""
    results = {}

    def record(ok, what, detail=""):
        # A check reported twice counts as failed if it failed once.
        results[what] = results.get(what, True) and bool(ok)
        return ok

    saved = check.record, check.client
    check.record = record
    check.client = lambda service: Stub(w)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # check.py's notes
            fn(args)
    except Exception as e:  # noqa: BLE001 - as check.main does: a crash is a failed check
        results[f"checks ran to the end ({type(e).__name__}: {e})"] = False
    finally:
        check.record, check.client = saved
    return results


def load(name):
    with open(os.path.join(TESTDATA, name + ".expect.json")) as f:
        return json.load(f)


# ---- the breaks: (what, expectation, args, break, check that must fail) ----

def first(d):
    return next(iter(d.values()))


def mt_same_az(w):
    w["mount_targets"][1]["AvailabilityZoneName"] = w["mount_targets"][0]["AvailabilityZoneName"]


def role(w, kind, service="database"):
    return w["roles"][f"{w['prefix']}-{service}-{kind}-role"]


def efs_statements(w, service="database"):
    return first(role(w, "task", service)["inline"])["Statement"]


def service_td(w, i=0):
    return w["task_defs"][w["services"][i]["taskDefinition"]]


def container(w, i=0):
    return service_td(w, i)["containerDefinitions"][0]


def efs_rule(w, sg="sg-efs"):
    return w["groups"][sg]["IpPermissions"][0]


def delete_key(d, k):
    d.pop(k)


P = "params"  # managed, two services, read-only and root-access mounts, a container user
M = "multi-service"  # connects_to, Cloud Map, secrets, scratch mounts, a service without volumes
R = "reference"  # an existing file system, given as --fs-id/--efs-sg
REF_ARGS = {"efs_sg": "sg-efs", "fs_id": "fs-0123", "subnets": "subnet-a,subnet-b"}
P_ARGS = {"subnets": "subnet-a,subnet-b"}

DEPLOYED_BREAKS = [
    ("stack rolled back", P, P_ARGS, lambda w: w.update(stack_status="ROLLBACK_COMPLETE"), "stack status"),
    ("a resource failed", P, P_ARGS, lambda w: w["resources"][0].update(ResourceStatus="CREATE_FAILED"),
     "all 8 stack resources CREATE_COMPLETE"),
    ("output missing", P, P_ARGS, lambda w: delete_key(w["outputs"], "DatabaseServiceName"),
     "output DatabaseServiceName"),
    ("output not exported", P, P_ARGS, lambda w: w["outputs"]["FileSystemId"].update(ExportName=None),
     "output FileSystemId export name"),
    ("export of another value", P, P_ARGS, lambda w: w["exports"].update({"myapp-params-FileSystemId": "fs-x"}),
     "export myapp-params-FileSystemId value"),
    ("unencrypted", P, P_ARGS, lambda w: w["file_systems"]["fs-0123"].update(Encrypted=False),
     "file system encrypted"),
    ("file system name", P, P_ARGS, lambda w: w["file_systems"]["fs-0123"].update(Name="other"),
     "file system Name tag"),
    ("max I/O", P, P_ARGS, lambda w: w["file_systems"]["fs-0123"].update(PerformanceMode="maxIO"),
     "file system performance mode"),
    ("elastic throughput", P, P_ARGS, lambda w: w["file_systems"]["fs-0123"].update(ThroughputMode="elastic"),
     "file system throughput mode"),
    ("no backups", P, P_ARGS, lambda w: w["backup"].update({"fs-0123": "DISABLED"}), "file system backup policy"),
    ("one mount target", P, P_ARGS, lambda w: w["mount_targets"].pop(), "mount target count"),
    # The count is right and both subnets are used; only the AZs give it away.
    ("two mount targets in one AZ", P, P_ARGS, mt_same_az, "exactly one mount target per AZ"),
    ("mount target in another subnet", P, P_ARGS, lambda w: w["mount_targets"][1].update(SubnetId="subnet-c"),
     "mount target subnets"),
    ("mount target behind another group", P, P_ARGS, lambda w: w["mt_groups"].update({"fsmt-1": ["sg-open"]}),
     "mount target in us-east-1b security groups"),
    ("access point missing", P, P_ARGS, lambda w: delete_key(w["access_points"], "fsap-0"),
     "access point data-store exists"),
    ("access point on another file system", P, P_ARGS,
     lambda w: w["access_points"]["fsap-0"].update(FileSystemId="fs-other"), "access point data-store file system"),
    ("POSIX gid from the uid", P, P_ARGS, lambda w: w["access_points"]["fsap-0"]["PosixUser"].update(Gid=999),
     "access point data-store POSIX user"),
    ("root directory path", P, P_ARGS, lambda w: w["access_points"]["fsap-0"]["RootDirectory"].update(Path="/"),
     "access point data-store root directory"),
    ("owner gid from the uid", P, P_ARGS,
     lambda w: w["access_points"]["fsap-0"]["RootDirectory"]["CreationInfo"].update(OwnerGid=999),
     "access point data-store creation info"),
    ("access point Name tag", P, P_ARGS, lambda w: w["access_points"]["fsap-0"].update(Tags=[]),
     "access point data-store Name tag"),
    ("stray access point", P, P_ARGS,
     lambda w: w["access_points"].update({"fsap-9": dict(w["access_points"]["fsap-0"], AccessPointId="fsap-9")}),
     "access points on the file system"),
    ("NFS on all ports", P, P_ARGS, lambda w: efs_rule(w).update(FromPort=0, ToPort=65535),
     "EFS group ingress is TCP 2049 only"),
    ("NFS from a CIDR range", P, P_ARGS, lambda w: efs_rule(w).update(IpRanges=[{"CidrIp": "10.0.0.0/8"}]),
     "EFS group ingress has no CIDR range or prefix list"),
    ("NFS from another group", P, P_ARGS, lambda w: efs_rule(w)["UserIdGroupPairs"].append({"GroupId": "sg-x"}),
     "EFS group ingress sources are the task groups"),
    ("service not active", P, P_ARGS, lambda w: w["services"][0].update(status="DRAINING"),
     "service database exists and is ACTIVE"),
    ("no tasks", P, P_ARGS, lambda w: w["services"][0].update(desiredCount=0), "service database desired count"),
    ("family", P, P_ARGS, lambda w: service_td(w).update(family="other"), "task definition database family"),
    ("sidecar", P, P_ARGS, lambda w: service_td(w)["containerDefinitions"].append(dict(container(w), name="x")),
     "task definition database container count"),
    ("container name", P, P_ARGS, lambda w: container(w).update(name="db"), "container database name"),
    ("image", P, P_ARGS, lambda w: container(w).update(image="mongo:4"), "container database image"),
    ("not essential", P, P_ARGS, lambda w: container(w).update(essential=False), "container database essential"),
    ("read-only writer", P, P_ARGS, lambda w: container(w)["mountPoints"][0].update(readOnly=True),
     "container database mount points"),
    ("volume not in the task definition", P, P_ARGS, lambda w: service_td(w).update(volumes=[]),
     "task definition database volume names"),
    ("log driver", P, P_ARGS, lambda w: container(w)["logConfiguration"].update(logDriver="json-file"),
     "container database log driver"),
    ("log stream prefix", P, P_ARGS,
     lambda w: container(w)["logConfiguration"]["options"].update({"awslogs-stream-prefix": "ecs"}),
     "container database log stream prefix"),
    ("task role not on the task definition", P, P_ARGS,
     lambda w: w["template"]["Resources"]["DatabaseTaskDefinition"]["Properties"].pop("TaskRoleArn"),
     "task role of database found through its task definition"),
    ("execution role not on the task definition", P, P_ARGS,
     lambda w: w["template"]["Resources"]["DatabaseTaskDefinition"]["Properties"].pop("ExecutionRoleArn"),
     "execution role of database found through its task definition"),
    ("task role assumable by EC2", P, P_ARGS,
     lambda w: role(w, "task")["trust"]["Statement"][0]["Principal"].update(Service="ec2.amazonaws.com"),
     "task role of database assumable by ecs-tasks.amazonaws.com only"),
    ("task role grants S3", P, P_ARGS,
     lambda w: efs_statements(w).append({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
     "task role of database grants EFS actions only"),
    ("a Deny where an Allow belongs", P, P_ARGS, lambda w: efs_statements(w)[0].update(Effect="Deny"),
     "task role of database: EFS statement 1/1 is an Allow"),
    ("statement on every file system", P, P_ARGS, lambda w: efs_statements(w)[0].update(Resource="*"),
     "task role of database: EFS statement 1/1 resource is the file system"),
    ("statement without its access point", P, P_ARGS, lambda w: efs_statements(w)[0].pop("Condition"),
     "task role of database: EFS statement 1/1 bound to access points by elasticfilesystem:AccessPointArn"),
    ("root access granted", P, P_ARGS, lambda w: efs_statements(w)[0]["Action"].append(EFS + "ClientRootAccess"),
     "task role of database: EFS actions per access point"),
    ("execution role assumable by EC2", P, P_ARGS,
     lambda w: role(w, "exec")["trust"]["Statement"][0]["Principal"].update(Service="ec2.amazonaws.com"),
     "execution role of database assumable by ecs-tasks.amazonaws.com only"),
    ("execution role creates log groups", P, P_ARGS,
     lambda w: first(role(w, "exec")["inline"])["Statement"][0]["Action"].append("logs:CreateLogGroup"),
     "execution role of database actions"),
    ("execution role on every log group", P, P_ARGS,
     lambda w: first(role(w, "exec")["inline"])["Statement"][0].update(Resource="*"),
     "execution role of database limited to its log group"),
]


def exec_reads(w, service):
    return role(w, "exec", service)["inline"]["read-secrets"]["Statement"]


def task_group(w, service):
    return w["groups"][f"sg-task-{service}"]["IpPermissions"]


def service_props(w, logical):
    return w["template"]["Resources"][logical]["Properties"]


def open_rule(port, **source):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [],
            "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [], **source}


DEPLOYED_BREAKS += [
    ("container user dropped", P, P_ARGS, lambda w: container(w).pop("user"), "container database user"),
    ("database port open to a third service", M, P_ARGS,
     lambda w: task_group(w, "db")[0]["UserIdGroupPairs"].append({"GroupId": "sg-task-other"}),
     "task group of db admits only its clients on its port"),
    ("database port open to the internet", M, P_ARGS,
     lambda w: task_group(w, "db").append(open_rule(5432, IpRanges=[{"CidrIp": "0.0.0.0/0"}])),
     "task group of db admits only its clients on its port"),
    ("database group on every port", M, P_ARGS, lambda w: task_group(w, "db")[0].update(FromPort=0, ToPort=65535),
     "task group of db admits only its clients on its port"),
    ("a client's group admits the server", M, P_ARGS,
     lambda w: task_group(w, "web").append(open_rule(80, UserIdGroupPairs=[{"GroupId": "sg-task-db"}])),
     "task group of web admits only its clients on its port"),
    ("NFS from a service without volumes", M, P_ARGS,
     lambda w: efs_rule(w)["UserIdGroupPairs"].append({"GroupId": "sg-task-api"}),
     "EFS group ingress sources are the task groups"),
    ("no namespace", M, P_ARGS, lambda w: w.update(namespaces={}), "Cloud Map namespaces named shop-dev.local"),
    ("public namespace", M, P_ARGS, lambda w: w["namespaces"]["ns-0"].update(Type="DNS_PUBLIC"),
     "Cloud Map namespaces named shop-dev.local"),
    ("namespace without a spec asking for one", P, P_ARGS,
     lambda w: w["namespaces"].update({"ns-9": {"Id": "ns-9", "Name": "myapp-params.local", "Type": "DNS_PRIVATE"}}),
     "Cloud Map namespaces named myapp-params.local"),
    ("discovery service missing", M, P_ARGS, lambda w: w.update(sd_services={}),
     "discovery services in shop-dev.local"),
    ("discovery service in another namespace", M, P_ARGS,
     lambda w: w["sd_services"]["srv-db"].update(NamespaceId="ns-other"), "discovery services in shop-dev.local"),
    ("SRV record", M, P_ARGS,
     lambda w: w["sd_services"]["srv-db"]["DnsConfig"].update(DnsRecords=[{"Type": "SRV", "TTL": 60}]),
     "discovery service db DNS records"),
    ("rolling deploy of a database", M, P_ARGS,
     lambda w: service_props(w, "DbService")["DeploymentConfiguration"].update(
         MinimumHealthyPercent=100, MaximumPercent=200), "service db deployment (template)"),
    ("service not registered", M, P_ARGS, lambda w: service_props(w, "DbService").pop("ServiceRegistries"),
     "service db registered in its discovery service (template)"),
    ("registered in a discovery service that is not there", M, P_ARGS,
     lambda w: service_props(w, "DbService").update(ServiceRegistries=[{"RegistryArn": "arn:aws:x"}]),
     "service db registered in its discovery service (template)"),
    ("writable root", M, P_ARGS, lambda w: container(w, 1).pop("readonlyRootFilesystem"),
     "container web read-only root file system"),
    ("container secret dropped", M, P_ARGS, lambda w: container(w).update(secrets=[]), "container db secrets"),
    ("secret as another variable", M, P_ARGS, lambda w: container(w)["secrets"][0].update(name="PASSWORD"),
     "container db secrets"),
    ("secrets readable everywhere", M, P_ARGS, lambda w: exec_reads(w, "db")[0].update(Resource="*"),
     "execution role of db reads exactly its secrets"),
    ("secrets listed too", M, P_ARGS, lambda w: exec_reads(w, "db").append(
        {"Effect": "Allow", "Action": ["secretsmanager:ListSecrets"], "Resource": "*"}),
     "execution role of db actions"),
]


S = "split"  # layout split: a base stack notes-dev, stacks notes-dev-db and notes-dev-app
S_ARGS = {"stack": "notes-dev", "subnets": "subnet-a,subnet-b"}


def service_of(w, p):
    return w["template"]["Resources"][f"{p}Service"]["Properties"]


def imports_of(w, p):
    return w["template"]["Resources"][f"{p}Imports"]["Properties"]["Values"]


DEPLOYED_BREAKS += [
    ("base stack unprotected", S, S_ARGS, lambda w: w["termination"].update({"notes-dev": False}),
     "stack notes-dev termination protection"),
    ("a service stack rolled back", S, S_ARGS,
     lambda w: w["stack_statuses"].update({"notes-dev-db": "ROLLBACK_COMPLETE"}), "stack notes-dev-db status"),
    ("file system id output in a service stack", S, S_ARGS,
     lambda w: w["output_stack"].update(FileSystemId="notes-dev-db"), "output FileSystemId from its stack"),
    ("an import dropped", S, S_ARGS, lambda w: imports_of(w, "App").pop(), "stack notes-dev-app imports"),
    ("an import from a later stack", S, S_ARGS,
     lambda w: imports_of(w, "Db").append({"Fn::ImportValue": "notes-dev-AppTaskSecurityGroupId"}),
     "stack notes-dev-db imports only live exports of earlier stacks"),
    ("an import of a missing export", S, S_ARGS,
     lambda w: w["exports"].pop("notes-dev-DbTaskSecurityGroupId"),
     "stack notes-dev-app imports only live exports of earlier stacks"),
    ("other subnets passed on", S, S_ARGS,
     lambda w: w["outputs"]["ServicesSubnetIds"].update(OutputValue="subnet-a"),
     "base stack passes the given subnets on"),
    ("a service in other subnets", S, S_ARGS, lambda w: service_of(w, "Db")["NetworkConfiguration"].update(
        AwsvpcConfiguration={"Subnets": ["subnet-a"]}), "service db runs in the subnets the base stack passes on"),
    ("a service in a zone without a mount target", S, S_ARGS,
     lambda w: w["exports"].update({"notes-dev-ServicesSubnetIds": "subnet-a,subnet-c"}),
     "service app: a mount target in the zone of each of its subnets"),
]


def partial_world(w, gone):
    """The answers after DeleteStack removed one service stack of a split
    layout and what it made, and nothing else."""
    d = copy.deepcopy(w)
    d["stack_statuses"][gone] = None
    service = next(n for n, st in (("db", "notes-dev-db"), ("app", "notes-dev-app")) if st == gone)
    mine = f"notes-dev-{check.logical_name(service)}"
    d["exports"] = {k: v for k, v in d["exports"].items() if not k.startswith(mine)}
    del d["groups"][f"sg-task-{service}"]
    d["sd_services"].pop(f"srv-{service}", None)
    return d


PARTIAL_BREAKS = [
    # (what, deleted stack, break, check)
    ("deleted stack still there", "notes-dev-app",
     lambda d: d["stack_statuses"].update({"notes-dev-app": "DELETE_FAILED"}), "stack notes-dev-app deleted"),
    ("base stack gone with it", "notes-dev-app", lambda d: d["stack_statuses"].update({"notes-dev": None}),
     "stack notes-dev untouched"),
    ("its export left", "notes-dev-app", lambda d: d["exports"].update({"notes-dev-AppServiceName": "x"}),
     "exports of notes-dev-app removed"),
    ("a base export gone", "notes-dev-app", lambda d: d["exports"].pop("notes-dev-PgdataAccessPointId"),
     "exports of the other stacks unchanged"),
    ("file system gone", "notes-dev-app", lambda d: d.update(file_systems={}), "file system still there, encrypted"),
    ("a mount target gone", "notes-dev-app", lambda d: d["mount_targets"].pop(), "mount targets unchanged"),
    ("the deleted service's access point gone", "notes-dev-app", lambda d: d["access_points"].pop("fsap-1"),
     "access points unchanged"),
    ("namespace gone", "notes-dev-app", lambda d: d.update(namespaces={}), "Cloud Map namespace still there"),
    ("its task group left", "notes-dev-app",
     lambda d: d["groups"].update({"sg-task-app": {"GroupId": "sg-task-app", "IpPermissions": []}}),
     "task security group of app deleted"),
    ("the other task group gone", "notes-dev-app", lambda d: d["groups"].pop("sg-task-db"),
     "task security group of db still there"),
    ("the other service's NFS rule gone", "notes-dev-app",
     lambda d: efs_rule(d)["UserIdGroupPairs"].remove({"GroupId": "sg-task-db"}), "EFS group still admits db"),
    ("the other service stopped", "notes-dev-app", lambda d: d["services"][0].update(status="DRAINING"),
     "service db still ACTIVE on its task definition"),
    ("the other discovery service gone", "notes-dev-app", lambda d: d.update(sd_services={}),
     "discovery service of db still there"),
    ("its discovery service left", "notes-dev-db",
     lambda d: d["sd_services"].update({"srv-db": {"Id": "srv-db"}}), "discovery service of db deleted"),
]


def deleted_breaks():
    # (what, expectation, managed world changes, deleted world break, check)
    return [
        ("stack still there", P, lambda d: d.update(stack_status="DELETE_FAILED"), "stack deleted"),
        ("exports left", P, lambda d: d["exports"].update({"myapp-params-FileSystemId": "fs-0123"}),
         "exports removed"),
        ("retained file system deleted", P, lambda d: d.update(file_systems={}),
         "managed file system retained (removal: retain)"),
        ("destroyed file system kept", "destroy", None, "managed file system deleted (removal: destroy)"),
        ("existing file system deleted", R, lambda d: d.update(file_systems={}), "existing file system untouched"),
        ("access point left", P, lambda d: d["access_points"].update({"fsap-0": {"FileSystemId": "fs-0123"}}),
         "access point fsap-0 deleted"),
        ("task group left", P, lambda d: d["groups"].update({"sg-task-database": {"IpPermissions": []}}),
         "task security group sg-task-database deleted"),
        ("namespace left", M, lambda d: d["namespaces"].update({"ns-0": {"Id": "ns-0"}}),
         "Cloud Map namespace ns-0 deleted"),
        ("discovery service left", M, lambda d: d["sd_services"].update({"srv-db": {"Id": "srv-db"}}),
         "discovery service srv-db deleted"),
        ("a service stack left", S, lambda d: d["stack_statuses"].update({"notes-dev-db": "DELETE_FAILED"}),
         "stack notes-dev-db deleted"),
    ]


NAMES = re.compile(r"\b([a-z-]+\.local|admin-home|database|admin|web-app|reader|data-store|shared-data|"
                   r"us-east-1[ab]|db|web|api|pgdata|static|ns-[a-z0-9]+|srv-[a-z0-9]+|"
                   r"fsap-\d+|sg-task-[a-z-]+|notes-dev(?:-[a-z]+)?|app|uploads|\d+/\d+|\d+)\b")


def kind(check_name):
    """A check without the service, volume, AZ, id or count it is about: one
    break covers the same check on every service or volume."""
    if check_name.startswith(("output ", "export ")):
        head, _, rest = check_name.partition(" ")
        rest = rest.split(" ", 1)
        return " ".join([head, "<output>"] + rest[1:])
    return NAMES.sub("<x>", check_name)


class DeployedChecks(unittest.TestCase):
    def good(self, name, args):
        w = world_for(load(name))
        results = run(check.check_deployed, w, Args(expect=os.path.join(TESTDATA, name + ".expect.json"),
                                                    state=os.devnull, **args))
        return w, results

    def test_expected_stacks_pass(self):
        for name, args in ((P, P_ARGS), (R, REF_ARGS), ("mongo", P_ARGS), ("destroy", P_ARGS), (M, P_ARGS),
                           (S, S_ARGS)):
            with self.subTest(name):
                _, results = self.good(name, args)
                self.assertGreater(len(results), 30 if name != R else 25)
                self.assertEqual([k for k, ok in results.items() if not ok], [])

    def test_each_break_fails_its_check(self):
        for what, name, args, brk, want in DEPLOYED_BREAKS:
            if want is None:
                continue
            with self.subTest(what):
                w, _ = self.good(name, args)
                brk(w)
                after = run(check.check_deployed, w, Args(
                    expect=os.path.join(TESTDATA, name + ".expect.json"), state=os.devnull, **args))
                self.assertFalse(after.get(want, True), f"{what}: {want!r} did not fail; failed: "
                                 f"{sorted(k for k, ok in after.items() if not ok)}")

    def test_base_stack_alone(self):
        # A split layout's base stack before any service stack: its checks
        # pass on it alone, and still see a 2049 rule nobody asked for.
        exp = load(S)
        exp["services"], exp["discovery"]["services"] = {}, {}
        w = world_for(exp)
        args = Args(expect=os.path.join(TESTDATA, S + ".expect.json"), state=os.devnull, base_only=True, **S_ARGS)
        results = run(check.check_deployed, w, args)
        self.assertGreater(len(results), 25)
        self.assertEqual([k for k, ok in results.items() if not ok], [])
        self.assertNotIn("stack notes-dev-db status", results)
        efs_rule(w)["UserIdGroupPairs"].append({"GroupId": "sg-task-db"})
        after = run(check.check_deployed, w, args)
        self.assertEqual([k for k, ok in after.items() if not ok], ["EFS group ingress sources are the task groups"])

    def test_given_file_system(self):
        # The stack reports another file system than the one it was given.
        w, _ = self.good(R, REF_ARGS)
        w["file_systems"]["fs-other"] = dict(w["file_systems"]["fs-0123"], FileSystemId="fs-other")
        w["outputs"]["FileSystemId"]["OutputValue"] = "fs-other"
        w["exports"]["web-app-reference-FileSystemId"] = "fs-other"
        for ap in w["access_points"].values():
            ap["FileSystemId"] = "fs-other"
        for m in w["mount_targets"]:
            m["FileSystemId"] = "fs-other"
        after = run(check.check_deployed, w, Args(expect=os.path.join(TESTDATA, R + ".expect.json"),
                                                  state=os.devnull, **REF_ARGS))
        self.assertEqual([k for k, ok in after.items() if not ok], ["FileSystemId output is the given file system"])

    def test_one_mount_target_per_az_alone(self):
        # Only the AZ check can see this one: count and subnets are right.
        w, _ = self.good(P, P_ARGS)
        mt_same_az(w)
        after = run(check.check_deployed, w, Args(expect=os.path.join(TESTDATA, P + ".expect.json"),
                                                  state=os.devnull, **P_ARGS))
        self.assertEqual([k for k, ok in after.items() if not ok], ["exactly one mount target per AZ"])

    def test_every_check_has_a_break(self):
        covered = {kind(want) for *_, want in DEPLOYED_BREAKS} | {"FileSystemId output is the given file system"}
        seen = set()
        for name, args in ((P, P_ARGS), (R, REF_ARGS), (M, P_ARGS), (S, S_ARGS)):
            _, results = self.good(name, args)
            seen |= {kind(k) for k in results}
        self.assertEqual(sorted(seen - covered), [], "checks without a break in DEPLOYED_BREAKS")


class WithState:
    def state(self, name, args):
        w = world_for(load(name))
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"check_test.{os.getpid()}.{name}.json")
        self.addCleanup(lambda: os.path.exists(path) and os.remove(path))
        before = run(check.check_deployed, w, Args(expect=os.path.join(TESTDATA, name + ".expect.json"),
                                                   state=path, **args))
        self.assertEqual([k for k, ok in before.items() if not ok], [])
        return w, path


class DeletedChecks(WithState, unittest.TestCase):

    def test_clean_delete_passes(self):
        for name, args in ((P, P_ARGS), (R, REF_ARGS), ("destroy", P_ARGS), (M, P_ARGS), (S, S_ARGS)):
            with self.subTest(name):
                w, path = self.state(name, args)
                d = deleted_world(w)
                if name == "destroy":
                    d["file_systems"] = {}
                results = run(check.check_deleted, d, Args(state=path))
                self.assertGreaterEqual(len(results), 4)
                self.assertEqual([k for k, ok in results.items() if not ok], [])

    def test_each_break_fails_its_check(self):
        for what, name, brk, want in deleted_breaks():
            with self.subTest(what):
                w, path = self.state(name, {R: REF_ARGS, S: S_ARGS}.get(name, P_ARGS))
                d = deleted_world(w)
                if brk:
                    brk(d)
                results = run(check.check_deleted, d, Args(state=path))
                self.assertFalse(results.get(want, True), f"{what}: {want!r} did not fail; results {results}")

    def test_every_check_has_a_break(self):
        covered = {want for *_, want in deleted_breaks()}
        seen = set()
        for name, args in ((P, P_ARGS), (R, REF_ARGS), ("destroy", P_ARGS), (M, P_ARGS), (S, S_ARGS)):
            w, path = self.state(name, args)
            d = deleted_world(w)
            if name == "destroy":
                d["file_systems"] = {}
            seen |= set(run(check.check_deleted, d, Args(state=path)))
        covered = {kind(k) for k in covered}
        self.assertEqual(sorted({kind(k) for k in seen} - covered), [], "checks without a break in deleted_breaks")


class PartialChecks(WithState, unittest.TestCase):
    """One service stack of a split layout deleted: it is gone, the rest is
    as it was."""

    def partial(self, gone, brk=None):
        w, path = self.state(S, S_ARGS)
        d = partial_world(w, gone)
        if brk:
            brk(d)
        return run(check.check_partial, d, Args(state=path, deleted_stack=gone))

    def test_clean_partial_delete_passes(self):
        for gone in ("notes-dev-app", "notes-dev-db"):
            with self.subTest(gone):
                results = self.partial(gone)
                self.assertGreaterEqual(len(results), 12)
                self.assertEqual([k for k, ok in results.items() if not ok], [])

    def test_each_partial_break_fails_its_check(self):
        for what, gone, brk, want in PARTIAL_BREAKS:
            with self.subTest(what):
                results = self.partial(gone, brk)
                self.assertFalse(results.get(want, True), f"{what}: {want!r} did not fail; results {results}")

    def test_every_partial_check_has_a_break(self):
        seen = {kind(k) for gone in ("notes-dev-app", "notes-dev-db") for k in self.partial(gone)}
        covered = {kind(want) for *_, want in PARTIAL_BREAKS}
        self.assertEqual(sorted(seen - covered), [], "checks without a break in PARTIAL_BREAKS")


def assembly(exp):
    """A cloud assembly as `cdk synth` writes it for the split expectation:
    {artifact id: (manifest entry, template)}."""
    prefix = f"{exp['app']}-{exp['stage']}"
    base_outputs = ["FileSystemId", "FileSystemSecurityGroupId"]
    base_outputs += [check.logical_name(v) + "AccessPointId" for v in exp["volumes"]] + ["NamespaceId"]
    base_outputs += exp["passed_on"]
    base = {"Outputs": {o: {"Value": "x", "Export": {"Name": f"{prefix}-{o}"}} for o in base_outputs}}
    out = {prefix: ({"terminationProtection": True}, [], base)}
    earlier = [prefix]
    for s in exp["services"].values():
        p = s["id_prefix"]
        template = {"Outputs": {f"{p}{n}": {"Value": "x", "Export": {"Name": f"{prefix}-{p}{n}"}}
                                for n in ("TaskSecurityGroupId", "ServiceName")},
                    "Resources": {"TaskGroup": {"Properties": {
                        "VpcId": {"Fn::ImportValue": f"{prefix}-ServicesVpcId"},
                        "Imports": [{"Fn::ImportValue": i} for i in s["imports"]]}}}}
        out[s["stack"]] = ({"terminationProtection": False}, list(earlier), template)
        earlier.append(s["stack"])
    return out


def write_assembly(path, stacks):
    artifacts = {}
    for name, (props, deps, template) in stacks.items():
        artifacts[name] = {"type": "aws:cloudformation:stack", "dependencies": deps,
                           "properties": dict(props, templateFile=f"{name}.template.json")}
        with open(os.path.join(path, f"{name}.template.json"), "w") as f:
            json.dump(template, f)
    with open(os.path.join(path, "manifest.json"), "w") as f:
        json.dump({"artifacts": artifacts}, f)


def app_resources(a):
    return a["notes-dev-app"][2]["Resources"]["TaskGroup"]["Properties"]


SYNTH_BREAKS = [
    ("a stack named otherwise", lambda a: a.update({"notes-dev-web": a.pop("notes-dev-app")}),
     "cdk: the stacks of the raw form"),
    ("depends on a later stack", lambda a: a["notes-dev-db"][1].append("notes-dev-app"),
     "cdk: stack notes-dev-db depends on earlier stacks only"),
    ("no dependency on the stack it imports from", lambda a: a["notes-dev-app"][1].remove("notes-dev-db"),
     "cdk: stack notes-dev-app depends on every stack it takes a value from"),
    ("base stack unprotected", lambda a: a["notes-dev"][0].update(terminationProtection=False),
     "cdk: stack notes-dev termination protection"),
    ("an export missing", lambda a: a["notes-dev"][2]["Outputs"]["FileSystemId"].pop("Export"),
     "cdk: stack notes-dev exports"),
    ("an import the raw form lacks", lambda a: app_resources(a)["Imports"].append(
        {"Fn::ImportValue": "notes-dev-DbServiceName"}), "cdk: stack notes-dev-app imports"),
    ("a weak cross-stack reference", lambda a: app_resources(a).update(
        VpcId={"Fn::GetStackOutput": {"StackName": "notes-dev", "OutputName": "ServicesVpcId"}}),
     "cdk: stack notes-dev-app takes values by export only"),
]


class SynthesizedChecks(unittest.TestCase):
    def synth(self, brk=None):
        a = assembly(load(S))
        if brk:
            brk(a)
        with tempfile.TemporaryDirectory() as path:
            write_assembly(path, a)
            return run(check.check_synthesized, None, Args(out=path, expect=os.path.join(TESTDATA, S + ".expect.json"),
                                                           order="notes-dev notes-dev-db notes-dev-app"))

    def test_as_synthesized_passes(self):
        results = self.synth()
        self.assertGreaterEqual(len(results), 19)
        self.assertEqual([k for k, ok in results.items() if not ok], [])

    def test_each_break_fails_its_check(self):
        for what, brk, want in SYNTH_BREAKS:
            with self.subTest(what):
                results = self.synth(brk)
                self.assertFalse(results.get(want, True), f"{what}: {want!r} did not fail; results {results}")

    def test_every_check_has_a_break(self):
        seen = {kind(k) for k in self.synth()}
        covered = {kind(want) for *_, want in SYNTH_BREAKS}
        self.assertEqual(sorted(seen - covered), [], "checks without a break in SYNTH_BREAKS")


if __name__ == "__main__":
    unittest.main(verbosity=1)
