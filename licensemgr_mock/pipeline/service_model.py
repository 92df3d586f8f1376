"""botocore's model of License Manager, loaded once: the source of truth for shapes and limits."""

from __future__ import annotations

from functools import cache

from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel

SERVICE_NAME = "license-manager"


@cache
def service_model() -> ServiceModel:
    """The installed botocore's model of the service (loaded on first use, then kept)."""
    return ServiceModel(Loader().load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


@cache
def operation_model(name: str) -> OperationModel:
    """The model of one operation, by its API name (e.g. ``CheckoutLicense``)."""
    return service_model().operation_model(name)


def operation_names() -> list[str]:
    """Every operation of the API, in the model's order."""
    return list(service_model().operation_names)


@cache
def known_regions(partition: str) -> frozenset[str]:
    """The regions License Manager runs in, per the installed botocore's endpoint data."""
    import boto3

    return frozenset(boto3.session.Session().get_available_regions(SERVICE_NAME, partition))
