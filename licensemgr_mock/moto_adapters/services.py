"""The moto services License Manager reads and writes, bundled as ``state.services.Services``
for the areas (each backend hands it to its areas through their ``Scope``)."""

from __future__ import annotations

from licensemgr_mock.moto_adapters.ec2 import MotoEc2
from licensemgr_mock.moto_adapters.kms import MotoKms
from licensemgr_mock.moto_adapters.organizations import MotoOrganizations
from licensemgr_mock.moto_adapters.ram import MotoRam
from licensemgr_mock.moto_adapters.s3 import MotoS3
from licensemgr_mock.moto_adapters.sns import MotoSns
from licensemgr_mock.state.services import Services

MOTO_SERVICES = Services(
    ec2=MotoEc2(),
    kms=MotoKms(),
    organizations=MotoOrganizations(),
    ram=MotoRam(),
    s3=MotoS3(),
    sns=MotoSns(),
)
