"""Inventory platform names: what ListResourceInventory reports as Platform and
PlatformVersion, as AWS's inventory (SSM) names an instance's operating system, e.g.
"Microsoft Windows Server 2019 Datacenter" / "10.0.17763" or "Amazon Linux" / "2".

moto keeps only EC2's platform code ("windows", or nothing for Linux), so the name is read from
the AMI the instance was launched from (AWS's own AMI names spell the OS and its version).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Windows Server releases and the kernel versions inventory reports for them.
_WINDOWS_VERSIONS = {
    "2003 R2": "5.2.3790",
    "2003": "5.2.3790",
    "2008 R2": "6.1.7601",
    "2008": "6.0.6002",
    "2012 R2": "6.3.9600",
    "2012": "6.2.9200",
    "2016": "10.0.14393",
    "2019": "10.0.17763",
    "2022": "10.0.20348",
    "2025": "10.0.26100",
}
_WINDOWS = re.compile(r"Windows_Server-(?P<year>\d{4})(?P<r2>-R2)?", re.IGNORECASE)
# (AMI name pattern, inventory name, version group or fixed version)
_LINUX: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (re.compile(r"^al(?P<v>20\d\d)-ami"), "Amazon Linux", None),
    (re.compile(r"^amzn2-ami"), "Amazon Linux", "2"),
    (re.compile(r"^amzn-ami-.*?(?P<v>20\d\d\.\d\d)"), "Amazon Linux AMI", None),
    (re.compile(r"ubuntu-[a-z]+-(?P<v>\d\d\.\d\d)"), "Ubuntu", None),
    (re.compile(r"^RHEL-(?P<v>\d+\.\d+)"), "Red Hat Enterprise Linux Server", None),
    (re.compile(r"^suse-sles-(?P<v>\d+)"), "SLES", None),
    (re.compile(r"^debian-(?P<v>\d+)"), "Debian GNU/Linux", None),
)


@dataclass(frozen=True)
class InventoryPlatform:
    """An operating system as inventory names it."""

    name: str
    version: str | None


def inventory_platform(image_name: str | None, ec2_platform: str | None) -> InventoryPlatform:
    """The inventory platform of an instance launched from an AMI named ``image_name``
    (None: an AMI moto no longer knows), whose EC2 platform code is ``ec2_platform``."""
    name = image_name or ""
    windows = _WINDOWS.search(name)
    if windows is not None:
        release = windows["year"] + (" R2" if windows["r2"] else "")
        return InventoryPlatform(
            f"Microsoft Windows Server {release} Datacenter", _WINDOWS_VERSIONS.get(release)
        )
    if ec2_platform == "windows":
        return InventoryPlatform("Microsoft Windows Server", None)
    for pattern, platform, fixed in _LINUX:
        found = pattern.search(name)
        if found is not None:
            return InventoryPlatform(platform, fixed or found["v"])
    return InventoryPlatform("Linux", None)
