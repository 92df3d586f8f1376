"""``python -m licensemgr_mock``: the ``licensemgr-mock`` command."""

from licensemgr_mock.cli import main

raise SystemExit(main())
