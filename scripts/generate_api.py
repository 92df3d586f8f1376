"""Writes licensemgr_mock/pipeline/api.py: the service's enums and operation names, generated from
botocore's model so that no enum value is typed by hand. Run it after a botocore upgrade;
tests/test_api.py fails while the file is stale.

    python scripts/generate_api.py
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from pathlib import Path

from botocore import xform_name
from botocore.loaders import Loader
from botocore.model import ServiceModel

TARGET = Path(__file__).resolve().parent.parent / "licensemgr_mock" / "pipeline" / "api.py"


def member_name(value: str) -> str:
    name = xform_name(re.sub(r"[^0-9A-Za-z]+", "_", value)).strip("_").upper()
    if not name or name[0].isdigit() or keyword.iskeyword(name):
        name = "V_" + name
    return name


def render() -> str:
    raw = Loader().load_service_model("license-manager", "service-2")
    model = ServiceModel(raw, "license-manager")
    lines = [
        '"""Generated from botocore\'s model by scripts/generate_api.py. Do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from enum import StrEnum",
        "",
    ]
    for name in sorted(raw["shapes"]):
        values = raw["shapes"][name].get("enum")
        if not values:
            continue
        lines += ["", f"class {name}(StrEnum):"]
        lines += [f"    {member_name(v)} = {json.dumps(v)}" for v in values]
        lines += [""]
    lines += ["", "OPERATIONS: tuple[str, ...] = ("]
    lines += [f"    {json.dumps(op)}," for op in model.operation_names]
    lines += [")", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    TARGET.write_text(render())
    sys.stdout.write(f"wrote {TARGET.name}\n")
