"""What moto's EC2 asks License Manager (``state.ec2.Ec2Licensing``), answered by the License
Manager backend of the launching account and region, under the store's lock.

An account that never used License Manager has no backend, so no configuration to enforce:
its launches go ahead, unless they name a configuration (which cannot exist).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from licensemgr_mock.state.ec2 import Launch, LaunchRefused, Start

if TYPE_CHECKING:
    from licensemgr_mock.moto_adapters.models import LicenseManagerBackend


def _backend(account: str, region: str) -> LicenseManagerBackend | None:
    from licensemgr_mock.moto_adapters.models import licensemanager_backends

    # ``get``: reading must not create backends.
    regional = licensemanager_backends.get(account)
    return regional.get(region) if regional is not None else None


class MotoEc2Licensing:
    """``state.ec2.Ec2Licensing`` on the License Manager backends."""

    @contextmanager
    def launch(self, launch: Launch) -> Iterator[Callable[[list[str]], None]]:
        """Checks a launch and yields what records its instances, under the store's lock
        (no two launches take the last license)."""
        backend = _backend(launch.account, launch.region)
        if backend is None:
            if launch.license_configuration_arns:
                arn = launch.license_configuration_arns[0]
                message = f"Invalid license configuration ARN: {arn}"
                raise LaunchRefused("InvalidParameterValue", message)
            yield lambda arns: None
            return
        with backend.store.lock:
            explicit = backend.launches.check(launch)
            yield lambda arns: backend.launches.record(explicit, arns)

    @contextmanager
    def start(self, start: Start) -> Iterator[None]:
        """Checks that the stopped instances may run again, holding the lock while they
        start."""
        backend = _backend(start.account, start.region)
        if backend is None or not start.instance_arns:
            yield
            return
        with backend.store.lock:
            backend.launches.check_start(start.instance_arns)
            yield

    def licenses_of(self, account: str, region: str, instance_arn: str) -> list[str]:
        """The configurations that count the instance."""
        backend = _backend(account, region)
        if backend is None:
            return []
        with backend.store.lock:
            return backend.launches.licenses_of(instance_arn)


LICENSING = MotoEc2Licensing()
