"""The typed contract of License Manager, generated from botocore's model.

- one StrEnum per enum of the model (``LicenseStatus``) and ``OPERATIONS``;
- per operation ``<Op>Request``, the request as validation passes it on (JSON: enum members are
  plain ``str``), and ``<Op>Response``, what its handler answers;
- the structures a request nests, by shape name (``Tag``), and those an answer nests,
  ``<Shape>Answer`` (``LicenseAnswer``): wherever an answer nests a structure, a record (a
  dataclass whose snake-case fields are the members, ``Record``) is accepted too. Answer
  members are read-only (a request's structure can be passed on) and may be None (left out);
- ``handles``, which binds an operation to the area method that answers it, checked by mypy.

The types follow the model they were generated from (requirements/pinned.txt); what is
validated, written and answered at run time follows the installed botocore.

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from licensemgr_mock.pipeline.api.answer_types import *  # noqa: F403
from licensemgr_mock.pipeline.api.answers_1 import *  # noqa: F403
from licensemgr_mock.pipeline.api.answers_2 import *  # noqa: F403
from licensemgr_mock.pipeline.api.answers_3 import *  # noqa: F403
from licensemgr_mock.pipeline.api.enums import *  # noqa: F403
from licensemgr_mock.pipeline.api.handles import *  # noqa: F403
from licensemgr_mock.pipeline.api.operations import *  # noqa: F403
from licensemgr_mock.pipeline.api.requests_1 import *  # noqa: F403
from licensemgr_mock.pipeline.api.requests_2 import *  # noqa: F403
from licensemgr_mock.pipeline.api.requests_3 import *  # noqa: F403
