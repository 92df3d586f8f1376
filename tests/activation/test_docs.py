"""Every Python example in the docs is a test module: it runs, with the installed plugin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from botocore import xform_name

from licensemgr_mock.pipeline.api import OPERATIONS
from tests.helpers import require_model

pytest_plugins = ["pytester"]

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "```python" in p.read_text())


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_examples_run(pytester, page):
    if page.name == "async.md":
        # Its examples need aiobotocore and aioboto3 (tox's aioboto3 environment has both).
        pytest.importorskip("aiobotocore")
        pytest.importorskip("aioboto3")
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)
    # A page that calls an operation an older botocore lacks runs where the model has it.
    require_model(*(op for op in OPERATIONS if any(f".{xform_name(op)}(" in b for b in blocks)))
    for index, block in enumerate(blocks):
        pytester.makepyfile(**{f"test_example_{index}": block})
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(autouse=True)
        def credentials(monkeypatch):
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
            monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 1 and not outcomes.get("failed"), result.stdout.str()


def test_every_page_is_in_the_site_navigation():
    nav = (DOCS.parent / "mkdocs.yml").read_text()
    listed = set(re.findall(r":\s*(\S+\.md)\s*$", nav, flags=re.M))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}

    assert pages - listed == set(), "add these pages to mkdocs.yml's nav"
    assert listed - pages == set(), "mkdocs.yml lists pages that do not exist"
