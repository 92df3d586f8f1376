"""The AWS SDK for JavaScript (v3) for the tests that drive ``licensemgr-mock server`` from
Node: the exact packages of ``tests/js/package-lock.json``, installed once per lockfile with
``npm ci`` into a cache directory outside the repository (``LICENSEMGR_MOCK_JS_CACHE``, else
``$XDG_CACHE_HOME/licensemgr-mock`` or ``~/.cache/licensemgr-mock``), and the scripts of
``tests/js`` run against a server. To move to another SDK version, change the exact version
in ``tests/js/package.json`` and rewrite the lockfile there with ``npm install
--package-lock-only --omit-lockfile-registry-resolved`` (which keeps registry addresses out
of it; ``npm ci`` installs from whatever registry npm is set up for).

Without node or npm, or when npm cannot install (offline), the tests skip and say why;
``REQUIRE_JS_SDK=true`` (tox's ``js`` environment) makes that a failure instead, so CI cannot
pass without running them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

SCRIPTS = Path(__file__).resolve().parent / "js"
PACKAGE_FILES = ("package.json", "package-lock.json")
NODE_MAJOR = 20  # the oldest Node the pinned SDK supports (its "engines")


def unavailable(reason: str) -> None:
    """Skips the test, or fails it where the JS SDK is required."""
    if os.environ.get("REQUIRE_JS_SDK", "").lower() == "true":
        pytest.fail(f"REQUIRE_JS_SDK is set, but {reason}")
    pytest.skip(reason)


def cache_dir() -> Path:
    """Where the SDK is installed: kept between runs, as npm keeps its own cache."""
    chosen = os.environ.get("LICENSEMGR_MOCK_JS_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "licensemgr-mock"


def node_missing() -> str | None:
    """Why node and npm cannot run the scripts here, or None."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    version = subprocess.run(
        ["node", "--version"], capture_output=True, text=True, check=False, timeout=60
    ).stdout.strip()
    major = version.lstrip("v").split(".")[0]
    if not major.isdigit() or int(major) < NODE_MAJOR:
        return f"the JS SDK needs Node {NODE_MAJOR} or later, not {version or 'unknown'}"
    return None


def install(cache: Path) -> Path:
    """The directory where the pinned SDK is installed (``npm ci``, once per lockfile);
    calls ``unavailable`` if it cannot be. Safe for several processes at once (xdist):
    each installs into a directory of its own and the first to finish keeps its copy."""
    missing = node_missing()
    if missing:
        unavailable(missing)
    digest = hashlib.sha256(b"".join((SCRIPTS / name).read_bytes() for name in PACKAGE_FILES))
    target = cache / f"js-sdk-{digest.hexdigest()[:16]}"
    if (target / "node_modules").is_dir():
        return target
    building = cache / f"{target.name}.{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for name in PACKAGE_FILES:
        shutil.copy(SCRIPTS / name, building / name)
    done = subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--fetch-retries=1"],
        cwd=building,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        said = [line for line in done.stderr.splitlines() if "complete log" not in line]
        unavailable(f"npm ci could not install the JS SDK (offline?): {' / '.join(said[:3])}")
    try:
        building.rename(target)
    except OSError:  # another process got there first: its copy is the same
        shutil.rmtree(building, ignore_errors=True)
    return target


def run(installed: Path, script: str, endpoint: str) -> Any:
    """Runs ``tests/js/<script>`` with node against the server at ``endpoint`` and answers
    the JSON it prints. The script is copied next to ``node_modules``, where Node's ES module
    resolution finds the SDK (it does not read NODE_PATH)."""
    copy = installed / script
    # Replaced whole, never rewritten in place: another xdist worker may be running it.
    partial = installed / f".{script}.{os.getpid()}"
    shutil.copy(SCRIPTS / script, partial)
    partial.replace(copy)
    done = subprocess.run(
        ["node", str(copy)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"PATH": os.environ["PATH"], "HOME": str(installed), "LICENSEMGR_ENDPOINT": endpoint},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
