"""Reads a deployed efsfargate stack back through the AWS API and checks it.

  check.py deployed --stack NAME --expect FILE --state OUT [--efs-sg SG] [--subnets A,B] [--fs-id FS]
  check.py deleted --state OUT
  check.py partial --state OUT --deleted-stack NAME   (split layout: one service stack deleted)
  check.py synthesized --out CDK_OUT --expect FILE --order "BASE SERVICE..."   (split layout, CDK form)
  check.py params --template FILE --out PARAMS.json [Name=Value ...]

Everything is found from the stack's outputs (the same names in the raw and the
CDK form), so no logical ID is assumed. Only the wiring moto does not keep
(a task definition's task and execution role) is read from the stack's own
template, through GetTemplate; so is what moto 5.2 drops from an ECS service
(its deployment configuration and service registries), cross-checked against
what the API shows.

Each check prints "ok" or "FAIL" and is appended to the file named by
$DEPLOY_RESULTS. The exit code is 1 when any check failed.
"""

import argparse
import ast
import json
import os
import sys

import boto3
import botocore.exceptions
import yaml

EFS = "elasticfilesystem:"
failures = 0


def record(ok, what, detail=""):
    global failures
    if not ok:
        failures += 1
    line = f"{'PASS' if ok else 'FAIL'}\t{what}" + ("" if ok or not detail else f": {detail}")
    print(f"    {'ok  ' if ok else 'FAIL'} {what}" + ("" if ok or not detail else f"\n         {detail}"))
    results = os.environ.get("DEPLOY_RESULTS")
    if results:
        with open(results, "a") as f:
            f.write(line.replace("\n", " ") + "\n")
    return ok


def expect_equal(what, got, want):
    return record(got == want, what, f"got {got!r}, want {want!r}")


def logical_name(name):
    """Mirrors spec.LogicalName: web-app → WebApp."""
    out, upper = [], True
    for c in name:
        if c in "-_.":
            upper = True
        elif c.isascii() and c.isalnum():
            out.append(c.upper() if upper and c.islower() else c)
            upper = False
    return "".join(out)


def client(service):
    return boto3.client(service)


# ---- templates (to follow a task definition to its roles) ----

class _CfnLoader(yaml.SafeLoader):
    pass


def _short_form(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _short_form)


def load_template(body):
    if isinstance(body, dict):
        return body
    return yaml.load(body, Loader=_CfnLoader)


def getatt_target(value):
    """The logical ID X of {Fn::GetAtt: [X, Arn]}, else None."""
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        if isinstance(target, str):
            target = target.split(".", 1)
        return target[0]
    return None


# ---- IAM policies ----

def parse_document(doc):
    # moto returns inline policies made by CloudFormation as a Python repr.
    if isinstance(doc, dict):
        return doc
    try:
        return json.loads(doc)
    except ValueError:
        return ast.literal_eval(doc)


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def role_statements(iam, role_name):
    statements = []
    for name in iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
        doc = iam.get_role_policy(RoleName=role_name, PolicyName=name)["PolicyDocument"]
        statements += as_list(parse_document(doc).get("Statement"))
    for att in iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]:
        pol = iam.get_policy(PolicyArn=att["PolicyArn"])["Policy"]
        ver = iam.get_policy_version(PolicyArn=att["PolicyArn"], VersionId=pol["DefaultVersionId"])
        statements += as_list(parse_document(ver["PolicyVersion"]["Document"]).get("Statement"))
    return statements


# ---- deployed ----

def check_deployed(args):
    with open(args.expect) as f:
        exp = json.load(f)
    if getattr(args, "base_only", False):
        # The base stack of a split layout alone: no service yet, so no
        # task group on the file system's group and no discovery service.
        exp["services"] = {}
        if exp.get("discovery"):
            exp["discovery"]["services"] = {}
    cf, efs, ec2, ecs, iam, sd = (client(s) for s in ("cloudformation", "efs", "ec2", "ecs", "iam",
                                                       "servicediscovery"))
    prefix = f"{exp['app']}-{exp['stage']}"
    fs_exp = exp["file_system"]
    managed = fs_exp["managed"]
    state = {"stack": args.stack, "prefix": prefix, "managed": managed,
             "retain": fs_exp.get("removal", "retain") == "retain"}

    # A split layout is the base stack (args.stack) and one stack per
    # service; its checks are those of one stack over the union of theirs.
    split = exp.get("layout") == "split"
    stacks = [args.stack] + [s["stack"] for s in exp["services"].values() if split]
    state["stacks"] = stacks
    outputs, home, resources = {}, {}, []
    for name in stacks:
        stack = cf.describe_stacks(StackName=name)["Stacks"][0]
        expect_equal("stack status" if not split else f"stack {name} status", stack["StackStatus"], "CREATE_COMPLETE")
        if split:
            expect_equal(f"stack {name} termination protection", bool(stack.get("EnableTerminationProtection")),
                         name == args.stack and exp.get("termination_protection", False))
        for o in stack.get("Outputs", []):
            outputs[o["OutputKey"]], home[o["OutputKey"]] = o, name
        resources += [dict(r, StackName=name) for r in cf.describe_stack_resources(StackName=name)["StackResources"]]
    # moto lists AWS::CDK::Metadata without a logical ID: hence .get.
    bad = [r.get("LogicalResourceId") for r in resources if r["ResourceStatus"] != "CREATE_COMPLETE"]
    record(not bad, f"all {len(resources)} stack resources CREATE_COMPLETE", f"not complete: {bad}")

    # Outputs and exports.
    names = ["FileSystemId"] + (["FileSystemSecurityGroupId"] if managed else [])
    names += [logical_name(v) + "AccessPointId" for v in exp["volumes"]]
    if split and exp.get("discovery"):
        names.append("NamespaceId")  # the service stacks import it
    if split:
        names += exp.get("passed_on", [])  # the network and cluster, for the service stacks
    want_home = dict.fromkeys(names, args.stack)
    for s in exp["services"].values():
        for n in (s["id_prefix"] + "TaskSecurityGroupId", s["id_prefix"] + "ServiceName"):
            names.append(n)
            want_home[n] = s["stack"] if split else args.stack
    exports = {e["Name"]: e["Value"] for e in cf.list_exports()["Exports"]}
    state["exports"] = {n: exports.get(f"{prefix}-{n}") for n in names}
    state["export_stacks"] = {f"{prefix}-{n}": want_home[n] for n in names}
    for n in names:
        o = outputs.get(n)
        if not record(o is not None and o.get("OutputValue"), f"output {n}", f"outputs: {sorted(outputs)}"):
            continue
        if split:
            expect_equal(f"output {n} from its stack", home[n], want_home[n])
        want = f"{prefix}-{n}"
        if expect_equal(f"output {n} export name", o.get("ExportName"), want):
            expect_equal(f"export {want} value", exports.get(want), o["OutputValue"])
    extra = sorted(set(outputs) - set(names))
    if extra:
        print(f"    note: outputs beyond the contract: {extra}")
    value = lambda n: outputs.get(n, {}).get("OutputValue")
    if split and args.subnets and "ServicesSubnetIds" in names:
        expect_equal("base stack passes the given subnets on", sorted((value("ServicesSubnetIds") or "").split(",")),
                     sorted(args.subnets.split(",")))

    # File system.
    fs_id = value("FileSystemId")
    state["fs_id"] = fs_id
    if args.fs_id:
        expect_equal("FileSystemId output is the given file system", fs_id, args.fs_id)
    fs = efs.describe_file_systems(FileSystemId=fs_id)["FileSystems"][0]
    expect_equal("file system encrypted", fs["Encrypted"], True)
    fs_arn = fs["FileSystemArn"]
    if managed:
        expect_equal("file system Name tag", fs.get("Name"), fs_exp["name"])
        expect_equal("file system performance mode", fs["PerformanceMode"], fs_exp["performance_mode"])
        expect_equal("file system throughput mode", fs["ThroughputMode"], fs_exp["throughput_mode"])
        backup = efs.describe_backup_policy(FileSystemId=fs_id)["BackupPolicy"]["Status"]
        expect_equal("file system backup policy", backup, "ENABLED" if fs_exp["backup"] else "DISABLED")

    # Mount targets: one per AZ, in the given subnets, behind the EFS group.
    efs_sg = value("FileSystemSecurityGroupId") if managed else args.efs_sg
    state["efs_sg"] = efs_sg
    mts = efs.describe_mount_targets(FileSystemId=fs_id)["MountTargets"]
    state["mount_targets"] = sorted(m["MountTargetId"] for m in mts)
    azs = [m["AvailabilityZoneName"] for m in mts]
    expect_equal("mount target count", len(mts), exp["mount_targets"])
    record(len(set(azs)) == len(azs), "exactly one mount target per AZ", f"AZs: {sorted(azs)}")
    if args.subnets:
        expect_equal("mount target subnets", sorted(m["SubnetId"] for m in mts), sorted(args.subnets.split(",")))
    for m in mts:
        groups = efs.describe_mount_target_security_groups(MountTargetId=m["MountTargetId"])["SecurityGroups"]
        expect_equal(f"mount target in {m['AvailabilityZoneName']} security groups", groups, [efs_sg])

    # Access points.
    ap_arns = {}
    state["ap_ids"] = []
    for vol, v in exp["volumes"].items():
        ap_id = value(logical_name(vol) + "AccessPointId")
        if not ap_id:
            continue
        state["ap_ids"].append(ap_id)
        try:
            ap = efs.describe_access_points(AccessPointId=ap_id)["AccessPoints"][0]
        except botocore.exceptions.ClientError as e:
            record(False, f"access point {vol} exists", str(e))
            continue
        ap_arns[vol] = ap["AccessPointArn"]
        expect_equal(f"access point {vol} file system", ap["FileSystemId"], fs_id)
        expect_equal(f"access point {vol} POSIX user", ap["PosixUser"], {"Uid": v["uid"], "Gid": v["gid"]})
        root = ap["RootDirectory"]
        expect_equal(f"access point {vol} root directory", root.get("Path"), v["path"])
        expect_equal(f"access point {vol} creation info", root.get("CreationInfo"),
                     {"OwnerUid": v["uid"], "OwnerGid": v["gid"], "Permissions": v["permissions"]})
        tags = {t["Key"]: t["Value"] for t in ap.get("Tags", [])}
        expect_equal(f"access point {vol} Name tag", tags.get("Name"), f"{prefix}-{vol}")
    on_fs = efs.describe_access_points(FileSystemId=fs_id)["AccessPoints"]
    expect_equal("access points on the file system", len(on_fs), len(exp["volumes"]))

    # EFS security group: TCP 2049 from the task groups of the services that
    # mount a volume, nothing else.
    task_sgs = {name: value(s["id_prefix"] + "TaskSecurityGroupId") for name, s in exp["services"].items()}
    state["task_sgs"] = sorted(g for g in task_sgs.values() if g)
    mounting = sorted(g for name, g in task_sgs.items() if g and efs_mounts(exp["services"][name]))
    state["efs_sources"] = mounting
    perms = ec2.describe_security_groups(GroupIds=[efs_sg])["SecurityGroups"][0]["IpPermissions"]
    sources = []
    for p in perms:
        record(p.get("IpProtocol") == "tcp" and p.get("FromPort") == 2049 and p.get("ToPort") == 2049,
               "EFS group ingress is TCP 2049 only", f"rule {p}")
        record(not (p.get("IpRanges") or p.get("Ipv6Ranges") or p.get("PrefixListIds")),
               "EFS group ingress has no CIDR range or prefix list", f"rule {p}")
        sources += [g["GroupId"] for g in p.get("UserIdGroupPairs", [])]
    expect_equal("EFS group ingress sources are the task groups", sorted(sources), mounting)

    # Each task group admits its clients (connects_to) on its port, nothing else.
    for name, s in exp["services"].items():
        if task_sgs[name]:
            check_task_group(ec2, name, task_sgs[name], s, task_sgs)

    # Cloud Map: the namespace <app>-<stage>.local and a discovery service per
    # called service.
    discovery = check_discovery(sd, prefix, exp.get("discovery"), state)

    # Services, task definitions, roles: each through its own stack.
    templates = {n: load_template(cf.get_template(StackName=n)["TemplateBody"]) for n in stacks}
    clusters = ecs.list_clusters()["clusterArns"]
    state["services"] = {}
    for name, s in exp["services"].items():
        home_stack = s["stack"] if split else args.stack
        mine = [r for r in resources if r["StackName"] == home_stack]
        by_physical = {r.get("PhysicalResourceId"): r.get("LogicalResourceId") for r in mine}
        physical = {r.get("LogicalResourceId"): r.get("PhysicalResourceId") for r in mine}
        svc = check_service(ecs, iam, clusters, templates[home_stack], by_physical, physical, name, s,
                            value(s["id_prefix"] + "ServiceName"), fs_arn, ap_arns,
                            discovery.get(name) if discovery else None)
        state["services"][name] = {"stack": home_stack, "task_sg": task_sgs[name],
                                   "service": value(s["id_prefix"] + "ServiceName"),
                                   "task_definition": svc["taskDefinition"] if svc else None,
                                   "discovery": discovery.get(name) if discovery else None}
        if split:
            # Tasks start only where the file system has a mount target.
            # moto keeps no network configuration of a service made by
            # CloudFormation, so the deployed template says where it runs,
            # its imports read through list-exports.
            subnets = service_subnets(templates[home_stack], exports)
            if "ServicesSubnetIds" in names:
                expect_equal(f"service {name} runs in the subnets the base stack passes on", sorted(subnets or []),
                             sorted((exports.get(f"{prefix}-ServicesSubnetIds") or "").split(",")))
            zones = {x["AvailabilityZone"] for x in ec2.describe_subnets(SubnetIds=subnets)["Subnets"]} \
                if subnets else set()
            record(subnets and zones <= set(azs), f"service {name}: a mount target in the zone of each of its subnets",
                   f"subnets {subnets} in {sorted(zones)}, mount targets in {sorted(azs)}")
            # Each service stack takes the shared values by Fn::ImportValue,
            # only from stacks deployed before it. moto 5.2 has no
            # ListImports (HTTP 500), so the deployed template tells.
            imported = sorted(set(import_names(templates[home_stack])))
            expect_equal(f"stack {home_stack} imports", imported, sorted(s["imports"]))
            earlier = stacks[:stacks.index(home_stack)]
            stray = [i for i in imported if state["export_stacks"].get(i) not in earlier or i not in exports]
            record(not stray, f"stack {home_stack} imports only live exports of earlier stacks",
                   f"not exported by {earlier}: {stray}")

    with open(args.state, "w") as f:
        json.dump(state, f, indent=2)


def service_subnets(template, exports):
    """The subnets of the template's ECS service, with Fn::ImportValue (and
    Fn::Split of one) read from the exports; None when not known."""
    def text(v):
        if isinstance(v, dict) and isinstance(v.get("Fn::ImportValue"), str):
            return exports.get(v["Fn::ImportValue"])
        return v if isinstance(v, str) else None

    for r in template.get("Resources", {}).values():
        if r.get("Type") != "AWS::ECS::Service":
            continue
        v = r.get("Properties", {}).get("NetworkConfiguration", {}).get("AwsvpcConfiguration", {}).get("Subnets")
        if isinstance(v, list):
            items = [text(x) for x in v]
            return None if None in items else items
        if isinstance(v, dict) and isinstance(v.get("Fn::Split"), list) and len(v["Fn::Split"]) == 2:
            joined = text(v["Fn::Split"][1])
            return None if joined is None else joined.split(v["Fn::Split"][0])
    return None


def intrinsic_args(node, fn):
    """The argument of every use of intrinsic fn in a template, at any depth."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == fn:
                yield v
            yield from intrinsic_args(v, fn)
    elif isinstance(node, list):
        for v in node:
            yield from intrinsic_args(v, fn)


def import_names(node):
    """Every Fn::ImportValue name in a template (literal names only)."""
    return (v for v in intrinsic_args(node, "Fn::ImportValue") if isinstance(v, str))


def efs_mounts(s):
    return [m for m in s["mounts"] if not m.get("scratch")]


def group_rules(ec2, group_id):
    """The group's ingress as (protocol, from, to, source) tuples; a source is
    a group id, or cidr:/ipv6:/prefix-list: for the others."""
    perms = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["IpPermissions"]
    rules = []
    for p in perms:
        key = (p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort"))
        rules += [key + (g["GroupId"],) for g in p.get("UserIdGroupPairs", [])]
        rules += [key + ("cidr:" + r["CidrIp"],) for r in p.get("IpRanges", [])]
        rules += [key + ("ipv6:" + r["CidrIpv6"],) for r in p.get("Ipv6Ranges", [])]
        rules += [key + ("prefix-list:" + r["PrefixListId"],) for r in p.get("PrefixListIds", [])]
    return sorted(rules)


def check_task_group(ec2, name, group_id, s, task_sgs):
    want = sorted(("tcp", r["port"], r["port"], task_sgs.get(client) or f"<task group of {client}>")
                  for r in s.get("ingress", []) for client in r["from"])
    expect_equal(f"task group of {name} admits only its clients on its port", group_rules(ec2, group_id), want)


def check_discovery(sd, prefix, exp, state):
    """Checks the namespace and its discovery services; returns {ECS service:
    discovery service id} for the services' registries."""
    ns_name = exp["namespace"] if exp else f"{prefix}.local"
    found = [n for n in sd.list_namespaces()["Namespaces"] if n["Name"] == ns_name]
    expect_equal(f"Cloud Map namespaces named {ns_name}", [n["Type"] for n in found],
                 ["DNS_PRIVATE"] if exp else [])
    state["namespaces"] = [n["Id"] for n in found]
    state["discovery_services"] = []
    if not exp or len(found) != 1:
        return {}
    ns_id = found[0]["Id"]
    # ListServices summaries carry no namespace (and moto ignores the filter):
    # GetService tells each one's.
    listed = sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [ns_id], "Condition": "EQ"}])["Services"]
    services = [sd.get_service(Id=sv["Id"])["Service"] for sv in listed]
    services = [sv for sv in services if sv.get("NamespaceId") == ns_id]
    state["discovery_services"] = [sv["Id"] for sv in services]
    expect_equal(f"discovery services in {ns_name}", sorted(sv["Name"] for sv in services),
                 sorted(exp["services"].values()))
    by_name = {sv["Name"]: sv for sv in services}
    ids = {}
    for ecs_name, sd_name in exp["services"].items():
        sv = by_name.get(sd_name)
        if not sv:
            continue
        ids[ecs_name] = sv["Id"]
        # Fargate tasks (awsvpc) register their IP address: an A record.
        records = (sv.get("DnsConfig") or {}).get("DnsRecords", [])
        expect_equal(f"discovery service {sd_name} DNS records", [r.get("Type") for r in records], ["A"])
    return ids


def find_service(ecs, clusters, service_name):
    for cluster in clusters:
        found = ecs.describe_services(cluster=cluster, services=[service_name])["services"]
        found = [s for s in found if s["status"] == "ACTIVE"]
        if found:
            return found[0]
    return None


def check_service(ecs, iam, clusters, template, by_physical, physical, name, s, service_name, fs_arn, ap_arns,
                  registry):
    svc = find_service(ecs, clusters, service_name) if service_name else None
    if not record(svc is not None, f"service {name} exists and is ACTIVE", f"no active service {service_name!r}"):
        return None
    expect_equal(f"service {name} desired count", svc["desiredCount"], s["desired_count"])

    # moto keeps neither the deployment configuration nor the service
    # registries of a service: read them from the deployed template, and
    # follow each registry to the discovery service the API shows.
    svc_logical = by_physical.get(svc.get("serviceArn")) or by_physical.get(svc["serviceName"])
    svc_props = template.get("Resources", {}).get(svc_logical, {}).get("Properties", {})
    deployment = svc_props.get("DeploymentConfiguration", {})
    expect_equal(f"service {name} deployment (template)",
                 {"minimum_healthy_percent": deployment.get("MinimumHealthyPercent"),
                  "maximum_percent": deployment.get("MaximumPercent")}, s["deployment"])
    registries = [physical.get(getatt_target(r.get("RegistryArn"))) or repr(r.get("RegistryArn"))
                  for r in svc_props.get("ServiceRegistries", [])]
    expect_equal(f"service {name} registered in its discovery service (template)", registries,
                 [registry] if registry else [])

    td = ecs.describe_task_definition(taskDefinition=svc["taskDefinition"])["taskDefinition"]
    expect_equal(f"task definition {name} family", td["family"], s["family"])
    containers = td["containerDefinitions"]
    log_group = None
    if expect_equal(f"task definition {name} container count", len(containers), 1):
        c = containers[0]
        expect_equal(f"container {name} name", c["name"], s["container"])
        expect_equal(f"container {name} image", c["image"], s["image"])
        expect_equal(f"container {name} essential", c.get("essential"), True)
        expect_equal(f"container {name} user", c.get("user"), s.get("user"))
        expect_equal(f"container {name} read-only root file system", bool(c.get("readonlyRootFilesystem")),
                     s.get("read_only_root", False))
        expect_equal(f"container {name} secrets", sorted((x["name"], x["valueFrom"]) for x in c.get("secrets", [])),
                     sorted(s.get("secrets", {}).items()))
        want = [{"sourceVolume": m["volume"], "containerPath": m["path"], "readOnly": m["read_only"]}
                for m in s["mounts"]]
        expect_equal(f"container {name} mount points", c.get("mountPoints"), want)
        expect_equal(f"task definition {name} volume names",
                     sorted(v["name"] for v in td.get("volumes", [])), sorted({m["volume"] for m in s["mounts"]}))
        log = c.get("logConfiguration", {})
        log_group = log.get("options", {}).get("awslogs-group")
        expect_equal(f"container {name} log driver", log.get("logDriver"), "awslogs")
        expect_equal(f"container {name} log stream prefix", log.get("options", {}).get("awslogs-stream-prefix"), name)

    # moto keeps no role on a task definition: follow the deployed template.
    td_logical = by_physical.get(svc["taskDefinition"])
    props = template.get("Resources", {}).get(td_logical, {}).get("Properties", {})
    task_role = physical.get(getatt_target(props.get("TaskRoleArn")))
    exec_role = physical.get(getatt_target(props.get("ExecutionRoleArn")))
    if record(task_role is not None, f"task role of {name} found through its task definition",
              f"task definition {td_logical!r}, TaskRoleArn {props.get('TaskRoleArn')!r}"):
        check_task_role(iam, name, task_role, s, fs_arn, ap_arns)
    if record(exec_role is not None, f"execution role of {name} found through its task definition",
              f"task definition {td_logical!r}, ExecutionRoleArn {props.get('ExecutionRoleArn')!r}"):
        check_execution_role(iam, name, exec_role, log_group, s.get("secret_reads", {}))
    return svc


def check_trust(iam, what, role_name):
    doc = parse_document(iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"])
    principals = [st.get("Principal", {}).get("Service") for st in as_list(doc.get("Statement"))]
    expect_equal(f"{what} assumable by ecs-tasks.amazonaws.com only", principals, ["ecs-tasks.amazonaws.com"])


def check_task_role(iam, name, role_name, s, fs_arn, ap_arns):
    what = f"task role of {name}"
    check_trust(iam, what, role_name)
    statements = role_statements(iam, role_name)
    others = [st for st in statements if not all(a.startswith(EFS) for a in as_list(st.get("Action")))]
    record(not others, f"{what} grants EFS actions only", f"other statements {others}")
    granted = {}  # access point ARN -> actions
    efs_statements = [st for st in statements if st not in others]
    for i, st in enumerate(efs_statements, 1):
        label = f"{what}: EFS statement {i}/{len(efs_statements)}"
        actions = as_list(st.get("Action"))
        record(st.get("Effect") == "Allow", f"{label} is an Allow", f"statement {st}")
        expect_equal(f"{label} resource is the file system", as_list(st.get("Resource")), [fs_arn])
        cond = st.get("Condition", {})
        aps = as_list(cond.get("StringEquals", {}).get(EFS + "AccessPointArn"))
        if not record(bool(aps) and list(cond) == ["StringEquals"],
                      f"{label} bound to access points by elasticfilesystem:AccessPointArn",
                      f"condition {cond}"):
            continue
        for ap in aps:
            granted.setdefault(ap, set()).update(actions)
    want = {}
    for m in efs_mounts(s):
        acts = want.setdefault(ap_arns.get(m["volume"], f"<access point of {m['volume']}>"), {EFS + "ClientMount"})
        if not m["read_only"]:
            acts.add(EFS + "ClientWrite")
        if m.get("root_access"):
            acts.add(EFS + "ClientRootAccess")
    expect_equal(f"{what}: EFS actions per access point",
                 {k: sorted(v) for k, v in granted.items()}, {k: sorted(v) for k, v in want.items()})


def check_execution_role(iam, name, role_name, log_group, secret_reads):
    check_trust(iam, f"execution role of {name}", role_name)
    statements = role_statements(iam, role_name)
    actions = sorted({a for st in statements for a in as_list(st.get("Action"))})
    expect_equal(f"execution role of {name} actions", actions,
                 sorted(["logs:CreateLogStream", "logs:PutLogEvents"] + list(secret_reads)))
    logs = [st for st in statements if any(a.startswith("logs:") for a in as_list(st.get("Action")))]
    resources = [r for st in logs for r in as_list(st.get("Resource"))]
    record(bool(resources) and all(f":log-group:{log_group}" in r for r in resources),
           f"execution role of {name} limited to its log group", f"resources {resources}, log group {log_group!r}")
    # Secrets: each read action on exactly the secrets and parameters the
    # container names, never on "*".
    reads = {}
    for st in statements:
        if st in logs:
            continue
        for a in as_list(st.get("Action")):
            reads.setdefault(a, set()).update(as_list(st.get("Resource")))
    expect_equal(f"execution role of {name} reads exactly its secrets",
                 {a: sorted(r) for a, r in reads.items()}, {a: sorted(r) for a, r in secret_reads.items()})


# ---- deleted ----

def check_deleted(args):
    with open(args.state) as f:
        state = json.load(f)
    cf, efs, ec2 = client("cloudformation"), client("efs"), client("ec2")
    for name in state.get("stacks", [state["stack"]]):
        status = stack_status(cf, name)
        record(status in ("gone", "DELETE_COMPLETE"), "stack deleted" if name == state["stack"] else
               f"stack {name} deleted", f"status {status}")
    left = [e["Name"] for e in cf.list_exports()["Exports"] if e["Name"].startswith(state["prefix"] + "-")]
    if args.delete_stopped_at_vpc:
        print(f"    note: DeleteStack stopped at the VPC in moto; exports not checked ({len(left)} left)")
    else:
        expect_equal("exports removed", left, [])

    try:
        fs = efs.describe_file_systems(FileSystemId=state["fs_id"])["FileSystems"]
    except botocore.exceptions.ClientError:
        fs = []
    if not state["managed"]:
        expect_equal("existing file system untouched", len(fs), 1)
    elif state["retain"]:
        expect_equal("managed file system retained (removal: retain)", len(fs), 1)
        if fs:
            print(f"    note: retained file system {state['fs_id']} has "
                  f"{fs[0]['NumberOfMountTargets']} mount targets left")
    else:
        expect_equal("managed file system deleted (removal: destroy)", len(fs), 0)

    for ap in state["ap_ids"]:
        try:
            efs.describe_access_points(AccessPointId=ap)
            gone = False
        except botocore.exceptions.ClientError:
            gone = True
        record(gone, f"access point {ap} deleted")

    sd = client("servicediscovery")
    for ns in state.get("namespaces", []):
        try:
            sd.get_namespace(Id=ns)
            gone = False
        except botocore.exceptions.ClientError:
            gone = True
        record(gone, f"Cloud Map namespace {ns} deleted")
    for sv in state.get("discovery_services", []):
        try:
            sd.get_service(Id=sv)
            gone = False
        except botocore.exceptions.ClientError:
            gone = True
        record(gone, f"discovery service {sv} deleted")

    for sg in state["task_sgs"]:
        try:
            ec2.describe_security_groups(GroupIds=[sg])
            gone = False
        except botocore.exceptions.ClientError:
            gone = True
        record(gone, f"task security group {sg} deleted")
    if not state["managed"]:
        # Not a check: moto 5.2 has no CloudFormation delete for
        # AWS::EC2::SecurityGroupIngress, so the rule outlives its stack here
        # (on AWS it goes with the stack).
        perms = ec2.describe_security_groups(GroupIds=[state["efs_sg"]])["SecurityGroups"][0]["IpPermissions"]
        left = sorted({g["GroupId"] for p in perms for g in p.get("UserIdGroupPairs", [])} & set(state["task_sgs"]))
        if left:
            print(f"    note: moto kept the NFS rules from {left} on {state['efs_sg']} (moto gap)")


def stack_status(cf, name):
    try:
        return cf.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
    except botocore.exceptions.ClientError:
        return "gone"


def exists(call, **kw):
    try:
        call(**kw)
        return True
    except botocore.exceptions.ClientError:
        return False


# ---- one service stack of a split layout deleted ----

def check_partial(args):
    """After DeleteStack of one service stack: that stack and what it made
    are gone; the base stack, the file system, its mount targets and access
    points, the namespace and the other services are as they were."""
    with open(args.state) as f:
        state = json.load(f)
    gone = args.deleted_stack
    cf, efs, ec2, ecs, sd = (client(s) for s in ("cloudformation", "efs", "ec2", "ecs", "servicediscovery"))
    status = stack_status(cf, gone)
    record(status in ("gone", "DELETE_COMPLETE"), f"stack {gone} deleted", f"status {status}")
    for name in state["stacks"]:
        if name != gone:
            expect_equal(f"stack {name} untouched", stack_status(cf, name), "CREATE_COMPLETE")

    exports = {e["Name"]: e["Value"] for e in cf.list_exports()["Exports"]}
    short = {f"{state['prefix']}-{n}": v for n, v in state["exports"].items()}
    expect_equal(f"exports of {gone} removed",
                 sorted(n for n in exports if state["export_stacks"].get(n) == gone), [])
    expect_equal("exports of the other stacks unchanged",
                 {n: exports.get(n) for n, st in state["export_stacks"].items() if st != gone},
                 {n: short[n] for n, st in state["export_stacks"].items() if st != gone})

    fs = efs.describe_file_systems(FileSystemId=state["fs_id"])["FileSystems"] \
        if exists(efs.describe_file_systems, FileSystemId=state["fs_id"]) else []
    expect_equal("file system still there, encrypted", [f.get("Encrypted") for f in fs], [True])
    if fs:
        mts = efs.describe_mount_targets(FileSystemId=state["fs_id"])["MountTargets"]
        expect_equal("mount targets unchanged", sorted(m["MountTargetId"] for m in mts), state["mount_targets"])
        aps = efs.describe_access_points(FileSystemId=state["fs_id"])["AccessPoints"]
        expect_equal("access points unchanged", sorted(a["AccessPointId"] for a in aps), sorted(state["ap_ids"]))
    expect_equal("Cloud Map namespace still there",
                 [exists(sd.get_namespace, Id=ns) for ns in state.get("namespaces", [])],
                 [True] * len(state.get("namespaces", [])))

    clusters = ecs.list_clusters()["clusterArns"]
    perms = ec2.describe_security_groups(GroupIds=[state["efs_sg"]])["SecurityGroups"][0]["IpPermissions"]
    sources = {g["GroupId"] for p in perms if p.get("FromPort") == 2049 for g in p.get("UserIdGroupPairs", [])}
    for name, sv in state["services"].items():
        if sv["stack"] == gone:
            record(not exists(ec2.describe_security_groups, GroupIds=[sv["task_sg"]]),
                   f"task security group of {name} deleted")
            if sv["discovery"]:
                record(not exists(sd.get_service, Id=sv["discovery"]), f"discovery service of {name} deleted")
            if sv["task_sg"] in sources:
                # On AWS the rule goes with its stack; moto 5.2 has no
                # CloudFormation delete for AWS::EC2::SecurityGroupIngress.
                print(f"    note: moto kept the NFS rule from {name}'s deleted group (moto gap)")
            continue
        record(exists(ec2.describe_security_groups, GroupIds=[sv["task_sg"]]),
               f"task security group of {name} still there")
        if sv["task_sg"] in state["efs_sources"]:
            record(sv["task_sg"] in sources, f"EFS group still admits {name}", f"sources {sorted(sources)}")
        svc = find_service(ecs, clusters, sv["service"]) if sv["service"] else None
        expect_equal(f"service {name} still ACTIVE on its task definition",
                     svc and svc["taskDefinition"], sv["task_definition"])
        if sv["discovery"]:
            record(exists(sd.get_service, Id=sv["discovery"]), f"discovery service of {name} still there")


# ---- the CDK form of a split layout, as synthesized ----

def stack_outputs_refs(node):
    """Every (StackName, OutputName) of a Fn::GetStackOutput in a template:
    what CDK's weak cross-stack references render."""
    return ((v.get("StackName"), v.get("OutputName"))
            for v in intrinsic_args(node, "Fn::GetStackOutput") if isinstance(v, dict))


def check_synthesized(args):
    """The stacks `cdk synth` made for a split spec: the raw form's stacks
    and deploy order, each depending on every stack it takes a value from
    and on earlier ones only, the same exports and imports, termination
    protection on the base stack only."""
    with open(args.expect) as f:
        exp = json.load(f)
    prefix = f"{exp['app']}-{exp['stage']}"
    order = args.order.split()
    with open(os.path.join(args.out, "manifest.json")) as f:
        artifacts = json.load(f)["artifacts"]
    stacks = {k: a for k, a in artifacts.items() if a["type"] == "aws:cloudformation:stack"}
    name_of = {k: a["properties"].get("stackName", k) for k, a in stacks.items()}
    expect_equal("cdk: the stacks of the raw form", sorted(name_of.values()), sorted(order))

    exporter = {f"{prefix}-FileSystemId": order[0], f"{prefix}-FileSystemSecurityGroupId": order[0]}
    exporter.update({f"{prefix}-{logical_name(v)}AccessPointId": order[0] for v in exp["volumes"]})
    if exp.get("discovery"):
        exporter[f"{prefix}-NamespaceId"] = order[0]
    exporter.update({f"{prefix}-{n}": order[0] for n in exp.get("passed_on", [])})
    imports = {}
    for s in exp["services"].values():
        imports[s["stack"]] = s["imports"]
        for n in ("TaskSecurityGroupId", "ServiceName"):
            exporter[f"{prefix}-{s['id_prefix']}{n}"] = s["stack"]
    for k, a in stacks.items():
        name = name_of[k]
        if name not in order:
            continue
        with open(os.path.join(args.out, a["properties"]["templateFile"])) as f:
            template = json.load(f)
        earlier = order[:order.index(name)]
        deps = sorted(name_of.get(d, d) for d in a.get("dependencies", []) if d in stacks)
        imported = sorted(set(import_names(template)))
        refs = sorted(set(stack_outputs_refs(template)))
        needs = {exporter.get(i, f"<exporter of {i}>") for i in imported} | {st for st, _ in refs}
        record(set(deps) <= set(earlier), f"cdk: stack {name} depends on earlier stacks only",
               f"depends on {deps}, earlier {earlier}")
        record(needs <= set(deps), f"cdk: stack {name} depends on every stack it takes a value from",
               f"takes from {sorted(needs)}, depends on {deps}")
        expect_equal(f"cdk: stack {name} termination protection",
                     bool(a["properties"].get("terminationProtection")),
                     name == order[0] and exp.get("termination_protection", False))
        exported = sorted(o["Export"]["Name"] for o in template.get("Outputs", {}).values()
                          if isinstance(o.get("Export", {}).get("Name"), str))
        expect_equal(f"cdk: stack {name} exports", exported, sorted(e for e, st in exporter.items() if st == name))
        expect_equal(f"cdk: stack {name} imports", imported, sorted(imports.get(name, [])))
        # A weak reference (Fn::GetStackOutput) would let the base stack be
        # deleted under its services; every value comes by export name.
        record(not refs, f"cdk: stack {name} takes values by export only", f"Fn::GetStackOutput of {refs}")


# ---- parameters ----

def write_params(args):
    """Writes create-stack --parameters for every parameter of the template,
    from the values given; prints the names. Fails on a parameter that has
    neither a value nor a Default."""
    params = load_template(open(args.template).read()).get("Parameters", {})
    values = dict(v.split("=", 1) for v in args.values)
    missing = [n for n, p in params.items() if n not in values and "Default" not in p]
    if missing:
        print(f"template parameters without a value: {missing}", file=sys.stderr)
        return 1
    out = [{"ParameterKey": n, "ParameterValue": values[n]} for n in params if n in values]
    with open(args.out, "w") as f:
        json.dump(out, f)
    print(" ".join(sorted(params)))
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("deployed")
    d.add_argument("--stack", required=True)
    d.add_argument("--expect", required=True)
    d.add_argument("--state", required=True)
    d.add_argument("--efs-sg")
    d.add_argument("--fs-id")
    d.add_argument("--subnets")
    d.add_argument("--base-only", action="store_true", help="split layout: only the base stack is deployed")
    g = sub.add_parser("deleted")
    g.add_argument("--state", required=True)
    g.add_argument("--delete-stopped-at-vpc", action="store_true",
                   help="moto could not delete the stack's VPC and stopped before removing its exports")
    q = sub.add_parser("partial", help="after deleting one service stack of a split layout")
    q.add_argument("--state", required=True)
    q.add_argument("--deleted-stack", required=True)
    y = sub.add_parser("synthesized", help="the CDK form of a split spec, from cdk synth's output")
    y.add_argument("--out", required=True, help="the cloud assembly folder")
    y.add_argument("--expect", required=True)
    y.add_argument("--order", required=True, help="the raw form's stacks in deploy order, space-separated")
    w = sub.add_parser("params")
    w.add_argument("--template", required=True)
    w.add_argument("--out", required=True)
    w.add_argument("values", nargs="*")
    args = p.parse_args()
    if args.cmd == "params":
        return write_params(args)
    try:
        {"deployed": check_deployed, "deleted": check_deleted, "partial": check_partial,
         "synthesized": check_synthesized}[args.cmd](args)
    except Exception as e:  # noqa: BLE001 - any crash is a failed check, never a silent one
        record(False, f"{args.cmd} checks ran to the end", f"{type(e).__name__}: {e}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
