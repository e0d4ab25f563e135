"""Breaks an emitted template on purpose, to prove check.py notices.

  mutate.py TEMPLATE OUT.json EXPECTED_FAILURES

Takes the raw template of testdata/mongo.yml (logical IDs from the resource
contract) and applies every mutation below; writes the broken template as
JSON and, one per line, the check.py checks that must fail on it.
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


def unbound_task_role(r):
    for policy in r["DatabaseTaskRole"]["Properties"]["Policies"]:
        for st in policy["PolicyDocument"]["Statement"]:
            st.pop("Condition", None)


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
    (unbound_task_role,
     "task role of database: EFS statement 1/1 bound to access points by elasticfilesystem:AccessPointArn"),
    (read_only_mount, "container database mount points"),
    (no_tasks, "service database desired count"),
]


def main():
    src, out, expected = sys.argv[1:4]
    template = load_template(open(src).read())
    for mutate, _ in MUTATIONS:
        mutate(template["Resources"])
    with open(out, "w") as f:
        json.dump(template, f, indent=1)
    with open(expected, "w") as f:
        f.write("".join(f"{check}\n" for _, check in MUTATIONS))


if __name__ == "__main__":
    main()
