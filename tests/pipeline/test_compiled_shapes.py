"""Writers and checks are compiled once per shape; a shape that contains itself (none of
License Manager's does yet, so no client can send one) compiles to functions that follow it as
deep as the value goes, instead of recursing for ever at compile time."""

from __future__ import annotations

from botocore.model import ShapeResolver

from licensemgr_mock.pipeline.serialize import to_wire, writer
from licensemgr_mock.pipeline.validation import checker, problems

NODE = ShapeResolver(
    {
        "Node": {
            "type": "structure",
            "required": ["Name"],
            "members": {"Name": {"shape": "Name"}, "Next": {"shape": "Node"}},
        },
        "Name": {"type": "string", "min": 1, "max": 8},
    }
).get_shape_by_name("Node")


def test_a_shape_that_contains_itself_is_written_as_deep_as_the_value():
    chain = {"Name": "a", "Next": {"Name": "b", "Next": {"Name": "c"}}}

    assert to_wire(NODE, chain) == chain
    assert writer(NODE) is writer(NODE)


def test_a_shape_that_contains_itself_is_checked_as_deep_as_the_value():
    good = {"Name": "a", "Next": {"Name": "b", "Next": {"Name": "c"}}}
    bad = {"Name": "a", "Next": {"Name": "b", "Next": {"Name": "far too long"}}}

    assert checker(NODE)(good, None, "") and not problems(NODE, good)
    assert not checker(NODE)(bad, None, "")
    assert [p for p in problems(NODE, bad) if "next.next.name" in p]
