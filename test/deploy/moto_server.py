"""Runs moto's server, first filling in CloudFormation gaps of moto 5.2.

EFS. moto's AWS::EFS::FileSystem and AWS::EFS::AccessPoint models implement no
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
FileSystemId), so the templates are deployed as written for AWS.

Cloud Map. moto has no CloudFormation model for AWS::ServiceDiscovery::*: it
skips such resources with a warning, so the ECS service's ServiceRegistries
(Fn::GetAtt [DiscoveryService, Arn]) makes CreateStack fail ("Template
error: instance of Fn::GetAtt references undefined resource
DbDiscoveryService"), and the same GetAtt in an output fails with HTTP 500
('NoneType' object has no attribute 'has_cfn_attr'). Its Cloud Map API works, so the two types are added as CloudFormation models over moto's
own servicediscovery backend, with the values AWS documents: Ref is the id;
GetAtt Id, Arn (and HostedZoneId of a namespace, Name of a service). The
resources are then visible to list-namespaces and list-services, and
DeleteStack removes them.

Each patch is applied only where moto still lacks the feature, and each
applied patch is reported on stderr. EFSFARGATE_MOTO_PATCHES=0 runs moto
unpatched, to see the failures above.

Usage: python3 moto_server.py -H 127.0.0.1 -p PORT
"""

import os
import sys

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel
from moto.efs import models as efs
from moto.server import main
from moto.servicediscovery.models import servicediscovery_backends


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

    applied += cloud_map_models()
    return applied


def _cloud_map(account_id, region_name):
    return servicediscovery_backends[account_id][region_name]


class _CloudMapResource:
    """A CloudFormation resource over an object of moto's Cloud Map backend
    (self.obj); Ref is its id, as AWS documents for both types."""

    ATTRIBUTES = {}  # GetAtt name -> value from the backend object

    def __init__(self, obj):
        self.obj = obj

    @property
    def physical_resource_id(self):
        return self.obj.id

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, name):
        if name not in self.ATTRIBUTES:
            raise UnformattedGetAttTemplateException()
        return self.ATTRIBUTES[name](self.obj)

    @staticmethod
    def cloudformation_name_type():
        return ""

    def is_created(self):
        return True


class _PrivateDnsNamespace(_CloudMapResource):
    ATTRIBUTES = {
        "Id": lambda ns: ns.id,
        "Arn": lambda ns: ns.arn,
        "HostedZoneId": lambda ns: ns.dns_properties.get("HostedZoneId"),
    }

    @staticmethod
    def cloudformation_type():
        return "AWS::ServiceDiscovery::PrivateDnsNamespace"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        backend = _cloud_map(account_id, region_name)
        operation = backend.create_private_dns_namespace(
            name=props["Name"], creator_request_id=resource_name, description=props.get("Description"),
            vpc=props["Vpc"], tags=props.get("Tags"), properties=props.get("Properties"))
        return cls(backend.get_namespace(backend.get_operation(operation).targets["NAMESPACE"]))

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        _cloud_map(account_id, region_name).delete_namespace(resource_name)


class _DiscoveryService(_CloudMapResource):
    ATTRIBUTES = {
        "Id": lambda svc: svc.id,
        "Arn": lambda svc: svc.arn,
        "Name": lambda svc: svc.name,
    }

    @staticmethod
    def cloudformation_type():
        return "AWS::ServiceDiscovery::Service"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        backend = _cloud_map(account_id, region_name)
        dns = props.get("DnsConfig") or {}
        namespace_id = props.get("NamespaceId") or dns.get("NamespaceId")
        # AWS refuses a service in a namespace that does not exist; moto's
        # CreateService does not check, so check here.
        backend.get_namespace(namespace_id)
        return cls(backend.create_service(
            name=props["Name"], namespace_id=namespace_id, creator_request_id=resource_name,
            description=props.get("Description"), dns_config=dns or None,
            health_check_config=props.get("HealthCheckConfig"),
            health_check_custom_config=props.get("HealthCheckCustomConfig"),
            tags=props.get("Tags"), service_type=props.get("Type")))

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        _cloud_map(account_id, region_name).delete_service(resource_name)


def cloud_map_models():
    # moto's parser takes every direct subclass of CloudFormationModel as a
    # model (the parsing module has imported them all by now): a class made
    # here from CloudFormationModel is a model from then on.
    known = {m.cloudformation_type() for m in CloudFormationModel.__subclasses__()}
    applied = []
    for resource in (_PrivateDnsNamespace, _DiscoveryService):
        if resource.cloudformation_type() not in known:
            type(resource.__name__.lstrip("_"), (resource, CloudFormationModel), {})
            applied.append(f"CloudFormation {resource.cloudformation_type()} over moto's Cloud Map API")
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()
    return applied


if __name__ == "__main__":
    if os.environ.get("EFSFARGATE_MOTO_PATCHES", "1") != "0":
        for p in patch():
            print(f"moto patch: {p}", file=sys.stderr, flush=True)
    else:
        print("moto patch: none (EFSFARGATE_MOTO_PATCHES=0)", file=sys.stderr, flush=True)
    main(sys.argv[1:])
