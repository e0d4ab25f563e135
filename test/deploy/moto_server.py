"""Runs moto's server, first filling in EFS CloudFormation gaps of moto 5.2.

moto's AWS::EFS::FileSystem and AWS::EFS::AccessPoint models implement no
Fn::GetAtt at all, and the access point has no Ref value:

  * Fn::GetAtt [AccessPoint, Arn] in a resource property, or any EFS GetAtt in
    an exported output, makes CreateStack fail with HTTP 500
    (AttributeError: 'AccessPoint' object has no attribute 'get_cfn_attribute');
  * an EFS GetAtt in an output that is not exported silently drops every
    output of the stack;
  * Ref of an access point renders the Python object
    ("<moto.efs.models.AccessPoint object at 0x…>").

The patches below give these the values AWS documents for the two resource
types (Ref of an access point is its id; GetAtt Arn, AccessPointId,
FileSystemId), so the templates are deployed as written for AWS. Each patch is
applied only where moto still lacks the feature, and each applied patch is
reported on stderr. EFSFARGATE_MOTO_PATCHES=0 runs moto unpatched, to see the
failures above.

Usage: python3 moto_server.py -H 127.0.0.1 -p PORT
"""

import os
import sys

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.efs import models as efs
from moto.server import main


def _lacks(cls, name):
    # Methods inherited from moto's abstract CloudFormationModel don't count.
    return name not in vars(cls)


def patch():
    applied = []

    if _lacks(efs.AccessPoint, "physical_resource_id"):
        efs.AccessPoint.physical_resource_id = property(lambda self: self.access_point_id)
        applied.append("Ref AWS::EFS::AccessPoint -> access point id")

    if _lacks(efs.AccessPoint, "get_cfn_attribute"):
        def access_point_attribute(self, name):
            if name == "Arn":
                return self.access_point_arn
            if name == "AccessPointId":
                return self.access_point_id
            raise UnformattedGetAttTemplateException()

        efs.AccessPoint.get_cfn_attribute = access_point_attribute
        efs.AccessPoint.has_cfn_attr = classmethod(lambda cls, a: a in ("Arn", "AccessPointId"))
        applied.append("Fn::GetAtt AWS::EFS::AccessPoint Arn, AccessPointId")

    if _lacks(efs.FileSystem, "get_cfn_attribute"):
        def file_system_attribute(self, name):
            if name == "Arn":
                return self.file_system_arn
            if name == "FileSystemId":
                return self.file_system_id
            raise UnformattedGetAttTemplateException()

        efs.FileSystem.get_cfn_attribute = file_system_attribute
        efs.FileSystem.has_cfn_attr = classmethod(lambda cls, a: a in ("Arn", "FileSystemId"))
        applied.append("Fn::GetAtt AWS::EFS::FileSystem Arn, FileSystemId")

    return applied


if __name__ == "__main__":
    if os.environ.get("EFSFARGATE_MOTO_PATCHES", "1") != "0":
        for p in patch():
            print(f"moto patch: {p}", file=sys.stderr, flush=True)
    else:
        print("moto patch: none (EFSFARGATE_MOTO_PATCHES=0)", file=sys.stderr, flush=True)
    main(sys.argv[1:])
