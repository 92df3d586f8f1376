"""Every Python example in the docs is a test module: it runs, with the installed plugin."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from xml.etree import ElementTree

import pytest
from botocore import xform_name

from licensemgr_mock.pipeline.api import OPERATIONS
from tests.helpers import model_lacks

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "```python" in p.read_text())
CONFTEST = """
import pytest

@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
"""


def blocks_of(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S)


def why_not_here(page: Path) -> str | None:
    """Why this machine cannot run the page's examples, or None."""
    if page.name == "async.md":
        # Its examples need aiobotocore and aioboto3 (tox's aioboto3 environment has both).
        missing = [name for name in ("aiobotocore", "aioboto3") if not find_spec(name)]
        if missing:
            return f"{', '.join(missing)} not installed"
    # A page that calls an operation an older botocore lacks runs where the model has it.
    blocks = blocks_of(page)
    lacking = model_lacks(
        *(op for op in OPERATIONS if any(f".{xform_name(op)}(" in b for b in blocks))
    )
    return f"the installed botocore model lacks {', '.join(lacking)}" if lacking else None


def module_of(page: Path) -> str:
    return "test_" + re.sub(r"\W", "_", str(page.relative_to(DOCS).with_suffix("")))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str]]]:
    """Every runnable page's examples, run as test modules by one pytest process (a process per
    page cost a second or more of imports each): per module, each test's outcome and text."""
    where = tmp_path_factory.mktemp("docs")
    (where / "conftest.py").write_text(CONFTEST)
    for page in PAGES:
        if why_not_here(page) is None:
            for index, block in enumerate(blocks_of(page)):
                (where / f"{module_of(page)}_{index}.py").write_text(block)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--continue-on-collection-errors",
            "--rootdir",
            str(where),
            "--junitxml",
            str(where / "report.xml"),
            str(where),
        ],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert (where / "report.xml").exists(), done.stdout[-3000:] + done.stderr[-3000:]
    report: dict[str, list[tuple[str, str]]] = {}
    for case in ElementTree.parse(where / "report.xml").iter("testcase"):
        # A module that fails to import is reported by name, with no class name.
        owner = case.get("classname") or case.get("name", "")
        module = owner.split(".")[-1 if "/" in owner else 0].rsplit("_", 1)[0]
        problems = [child for child in case if child.tag in ("failure", "error", "skipped")]
        outcome = problems[0].tag if problems else "passed"
        text = "\n".join(
            (child.get("message") or "") + "\n" + (child.text or "") for child in problems
        )
        report.setdefault(module, []).append((outcome, text))
    return report


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_examples_run(outcomes, page):
    reason = why_not_here(page)
    if reason:
        pytest.skip(reason)
    results = outcomes.get(module_of(page), [])
    failed = [text for outcome, text in results if outcome in ("failure", "error")]
    assert not failed, "\n\n".join(failed)
    assert any(outcome == "passed" for outcome, _ in results), f"no example of {page} ran"


def test_every_page_is_in_the_site_navigation():
    nav = (DOCS.parent / "mkdocs.yml").read_text()
    listed = set(re.findall(r":\s*(\S+\.md)\s*$", nav, flags=re.M))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}

    assert pages - listed == set(), "add these pages to mkdocs.yml's nav"
    assert listed - pages == set(), "mkdocs.yml lists pages that do not exist"
