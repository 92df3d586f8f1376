"""The built wheel as a user meets it (tox -e wheel): installed into a fresh venv, away from
the source tree and without AWS credentials or config, it runs ``licensemgr-mock demo`` and
the README's "In a test" block under pytest.

Usage: python scripts/check_wheel.py DIST_DIR
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def run(*command: str | Path, cwd: Path, env: dict[str, str]) -> str:
    print("$", *command, flush=True)
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, text=True, capture_output=True
    )
    print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {command}")
    return done.stdout


def main(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        venv.create(home / "venv", with_pip=True)
        bin_dir = home / "venv" / ("Scripts" if os.name == "nt" else "bin")
        # No AWS settings of the machine's: what a fresh machine has.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PIP_CONSTRAINT"))}
        env.update(HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
        run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, "pytest", cwd=home, env=env)
        demo = run(bin_dir / "licensemgr-mock", "demo", cwd=home, env=env)
        assert "Where next" in demo, "the demo did not finish"
        block = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)[0]
        (home / "test_licenses.py").write_text(block)
        out = run(
            bin_dir / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=home, env=env
        )
        assert "3 passed" in out, out


if __name__ == "__main__":
    main(Path(sys.argv[1]))
