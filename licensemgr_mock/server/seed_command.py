"""``licensemgr-mock seed``: seeds a license in a running ``licensemgr-mock server``.

Options come as one JSON object (``--json '{...}'`` or ``--json @file.json``), as flags named
after ``seed_license``'s options (``--product-sku``, ``--borrow-minutes``, ...), or both (flags
win). Lists and objects are given as JSON; ``--entitlement`` may repeat. The answer (ARN, key
fingerprint, KMS key ARN, public key PEM) is printed as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import typing
from pathlib import Path
from typing import Any

from licensemgr_mock.licenses.seeded import REQUIRED, SEED_OPTIONS, SeedOption
from licensemgr_mock.server import mode as server_mode

DEFAULT_ENDPOINT = "http://localhost:5000"


def add_seed_command(commands: Any) -> None:
    """Adds the ``seed`` subcommand to the CLI's subparsers."""
    seed = commands.add_parser(
        "seed",
        help="seed a license in a running licensemgr-mock server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    seed.add_argument(
        "--endpoint-url",
        default=os.environ.get("TEST_SERVER_MODE_ENDPOINT", DEFAULT_ENDPOINT),
        help="the server (default: $TEST_SERVER_MODE_ENDPOINT or %(default)s)",
    )
    seed.add_argument("--json", help="every option as a JSON object, or @file holding one")
    seed.add_argument(
        "--entitlement",
        action="append",
        default=[],
        metavar="JSON",
        help='one entitlement, e.g. \'{"Name": "Seats", "Unit": "Count", "MaxCount": 5}\'',
    )
    for option in SEED_OPTIONS:
        flag = "--" + option.name.replace("_", "-")
        seed.add_argument(flag, dest="option_" + option.name, help=_help(option))


def _help(option: SeedOption) -> str:
    hint = option.type
    kinds = {typing.get_origin(arg) or arg for arg in typing.get_args(hint)} or {hint}
    if kinds & {list, dict}:
        kind = "JSON"
    elif bool in kinds:
        kind = "true or false"
    else:
        kind = "a number" if int in kinds else "text"
    if option.default is REQUIRED:
        return f"{option.help} ({kind}) (default: required)"
    if option.default is None:
        # The help of an option without a value says what leaving it out means.
        return f"{option.help} ({kind})"
    shown = option.default if isinstance(option.default, str) else json.dumps(option.default)
    return f"{option.help} ({kind}) (default: {shown})"


def _value(option: SeedOption, text: str) -> object:
    """A flag's text as the JSON value of ``option``: text stays text for text options (a
    SKU of digits is still a SKU), anything else is read as JSON."""
    if option.type in (str, str | None):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text  # the server names the option and what it expects


def seed_body(args: argparse.Namespace) -> dict[str, object]:
    """The seed request built from the command line."""
    body: dict[str, object] = {}
    if args.json:
        text = Path(args.json[1:]).read_text() if args.json.startswith("@") else args.json
        loaded = json.loads(text)
        if not isinstance(loaded, dict):
            raise ValueError("--json must hold a JSON object")
        body.update(loaded)
    for option in SEED_OPTIONS:
        text = getattr(args, "option_" + option.name)
        if text is not None:
            body[option.name] = _value(option, text)
    if args.entitlement:
        body["entitlements"] = [json.loads(item) for item in args.entitlement]
    return body


def run_seed(args: argparse.Namespace) -> int:
    """Runs ``licensemgr-mock seed``: 0 seeded, 2 refused (bad input), 1 no server."""
    try:
        body = seed_body(args)
    except (OSError, ValueError) as error:
        print(f"licensemgr-mock seed: {error}", file=sys.stderr)
        return 2
    try:
        answer = server_mode.post_seed(body, args.endpoint_url)
    except server_mode.SeedRejected as error:
        print(f"licensemgr-mock seed: {error}", file=sys.stderr)
        return 2
    except server_mode.ServerModeError as error:
        print(f"licensemgr-mock seed: {error}", file=sys.stderr)
        return 1
    print(json.dumps(answer, indent=2))
    return 0
