"""Breaks an emitted template on purpose, to prove check.py notices.

  mutate.py TEMPLATE OUT.json EXPECTED_FAILURES [mongo|multi-service]

Takes the raw template of testdata/mongo.yml, or of
examples/multi-service.yml (logical IDs from the resource contract), and
applies every mutation of that set below; writes the broken template as JSON
and, one per line, the check.py checks that must fail on it.
"""

import json
import sys

from check import load_template


def unencrypted(r):
    r["FileSystem"]["Properties"]["Encrypted"] = False


def one_mount_target(r):
    del r["MountTarget2"]
    for res in r.values():
        deps = res.get("DependsOn")
        if isinstance(deps, list) and "MountTarget2" in deps:
            deps.remove("MountTarget2")
        elif deps == "MountTarget2":
            del res["DependsOn"]


def root_posix_user(r):
    r["DataStoreAccessPoint"]["Properties"]["PosixUser"]["Uid"] = "0"


def nfs_from_cidr(r):
    r["NfsFromCidr"] = {
        "Type": "AWS::EC2::SecurityGroupIngress",
        "Properties": {
            "GroupId": {"Fn::GetAtt": ["FileSystemSecurityGroup", "GroupId"]},
            "IpProtocol": "tcp", "FromPort": 2049, "ToPort": 2049, "CidrIp": "10.0.0.0/8",
        },
    }


def _task_role_statements(r):
    return r["DatabaseTaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]


def unbound_statement(r):
    # A second statement that lets the tasks mount without an access point.
    first = _task_role_statements(r)[0]
    _task_role_statements(r).append(
        {"Effect": "Allow", "Action": ["elasticfilesystem:ClientMount"], "Resource": first["Resource"]})


def root_access_granted(r):
    _task_role_statements(r)[0]["Action"].append("elasticfilesystem:ClientRootAccess")


def log_group_creation(r):
    statement = r["DatabaseExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]
    statement["Action"] = list(statement["Action"]) + ["logs:CreateLogGroup"]


def read_only_mount(r):
    container = r["DatabaseTaskDefinition"]["Properties"]["ContainerDefinitions"][0]
    container["MountPoints"][0]["ReadOnly"] = True


def no_tasks(r):
    r["DatabaseService"]["Properties"]["DesiredCount"] = 0


# mutation -> the check that must fail
MUTATIONS = [
    (unencrypted, "file system encrypted"),
    (one_mount_target, "mount target count"),
    (root_posix_user, "access point data-store POSIX user"),
    (nfs_from_cidr, "EFS group ingress has no CIDR range or prefix list"),
    (unbound_statement,
     "task role of database: EFS statement 2/2 bound to access points by elasticfilesystem:AccessPointArn"),
    (root_access_granted, "task role of database: EFS actions per access point"),
    (log_group_creation, "execution role of database actions"),
    (read_only_mount, "container database mount points"),
    (no_tasks, "service database desired count"),
]


# The multi-service template: what connects_to, secrets and deployment add.

def _ingress(group, port, **source):
    return {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
        "GroupId": {"Fn::GetAtt": [group, "GroupId"]}, "IpProtocol": "tcp", "FromPort": port, "ToPort": port,
        **source}}


def database_from_cidr(r):
    r["DbFromCidrIngressRule"] = _ingress("DbTaskSecurityGroup", 5432, CidrIp="10.0.0.0/8")


def client_admits_server(r):
    r["WebFromDbIngressRule"] = _ingress("WebTaskSecurityGroup", 80,
                                         SourceSecurityGroupId={"Fn::GetAtt": ["DbTaskSecurityGroup", "GroupId"]})


def rolling_database(r):
    r["DbService"]["Properties"]["DeploymentConfiguration"].update(MinimumHealthyPercent=100, MaximumPercent=200)


def unregistered_database(r):
    del r["DbService"]["Properties"]["ServiceRegistries"]


def extra_discovery_service(r):
    r["WebDiscoveryService"] = {"Type": "AWS::ServiceDiscovery::Service",
                                "Properties": dict(r["DbDiscoveryService"]["Properties"], Name="web")}


def srv_record(r):
    r["DbDiscoveryService"]["Properties"]["DnsConfig"]["DnsRecords"] = [{"TTL": 60, "Type": "SRV"}]


def writable_root(r):
    del r["WebTaskDefinition"]["Properties"]["ContainerDefinitions"][0]["ReadonlyRootFilesystem"]


def secret_dropped(r):
    del r["DbTaskDefinition"]["Properties"]["ContainerDefinitions"][0]["Secrets"]


def secrets_everywhere(r):
    policies = r["ApiExecutionRole"]["Properties"]["Policies"]
    read = next(p for p in policies if p["PolicyName"] == "read-secrets")
    read["PolicyDocument"]["Statement"][0]["Resource"] = "*"


MULTI_SERVICE_MUTATIONS = [
    (database_from_cidr, "task group of db admits only its clients on its port"),
    (client_admits_server, "task group of web admits only its clients on its port"),
    (rolling_database, "service db deployment (template)"),
    (unregistered_database, "service db registered in its discovery service (template)"),
    (extra_discovery_service, "discovery services in shop-dev.local"),
    (srv_record, "discovery service db DNS records"),
    (writable_root, "container web read-only root file system"),
    (secret_dropped, "container db secrets"),
    (secrets_everywhere, "execution role of api reads exactly its secrets"),
]

SETS = {"mongo": MUTATIONS, "multi-service": MULTI_SERVICE_MUTATIONS}


def main():
    src, out, expected = sys.argv[1:4]
    mutations = SETS[sys.argv[4] if len(sys.argv) > 4 else "mongo"]
    template = load_template(open(src).read())
    for mutate, _ in mutations:
        mutate(template["Resources"])
    with open(out, "w") as f:
        json.dump(template, f, indent=1)
    with open(expected, "w") as f:
        f.write("".join(f"{check}\n" for _, check in mutations))


if __name__ == "__main__":
    main()
