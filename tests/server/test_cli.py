"""The licensemgr-mock command: the demo runs, and the server answers License Manager (and
moto's other services) over HTTP."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import boto3
import pytest

from licensemgr_mock import __version__
from licensemgr_mock.cli import main, serve
from tests.helpers import ONE_SEAT, seats


def test_demo_narrates_the_whole_scenario(capsys):
    assert main(["demo"]) == 0

    out = capsys.readouterr().out
    assert "5/5 seats in use" in out
    assert "User 6 was refused: NoEntitlementsAllowedException" in out
    assert "verified its borrowed token offline" in out


def test_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "licensemgr_mock.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "demo" in result.stdout and "server" in result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def check_out(client):
    return client.checkout_license(
        ProductSKU="s",
        CheckoutType="PROVISIONAL",
        KeyFingerprint="aws:123456789012:I:issuer-fingerprint",
        Entitlements=ONE_SEAT,
        Beneficiary="b",
        ClientToken=uuid.uuid4().hex,
    )


def test_server_answers_license_manager_and_kms_over_http():
    port = free_port()
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=("127.0.0.1", port, stop), daemon=True)
    thread.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        kms = boto3.client("kms", region_name="us-east-1", endpoint_url=endpoint)
        client = boto3.client("license-manager", region_name="us-east-1", endpoint_url=endpoint)
        key = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"]
        arn = client.create_license(
            LicenseName="n",
            ProductName="p",
            ProductSKU="s",
            HomeRegion="us-east-1",
            Issuer={"Name": "I", "SignKey": key},
            Validity={"Begin": "2020-01-01T00:00:00Z"},
            Beneficiary="b",
            Entitlements=seats(1, allow_check_in=None),
            ConsumptionConfiguration={"ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 5}},
            ClientToken=uuid.uuid4().hex,
        )["LicenseArn"]
        answer = check_out(client)
        try:
            check_out(client)
            refused = ""
        except client.exceptions.NoEntitlementsAllowedException as error:
            refused = error.response["Error"]["Code"]
    finally:
        stop.set()
        thread.join(timeout=10)

    assert answer["LicenseArn"] == arn and answer["SignedToken"]
    assert refused == "NoEntitlementsAllowedException"


def test_help_is_plain_text_and_version_exists(capsys):
    with pytest.raises(SystemExit) as help_exit:
        main(["--help"])
    shown = capsys.readouterr().out
    with pytest.raises(SystemExit) as version_exit:
        main(["--version"])
    version = capsys.readouterr().out

    assert help_exit.value.code == 0 and version_exit.value.code == 0
    assert "``" not in shown and "demo" in shown and "server" in shown and "--version" in shown
    assert version.strip() == f"licensemgr-mock {__version__}"


def test_demo_says_what_it_shows_numbers_steps_once_and_where_to_go_next(capsys):
    main(["demo"])
    out = capsys.readouterr().out
    numbers = [int(m) for m in re.findall(r"^(\d+)\. ", out, flags=re.M)]

    assert out.startswith("licensemgr-mock demo:") and "nothing is sent to AWS" in out
    assert numbers == list(range(1, len(numbers) + 1))
    assert "lm.seed_license(" in out and 'product_sku="DEMO-SKU"' in out
    assert "Seats: 1 Count requested, 0 of 5 left" in out
    assert "Where next" in out and "python -m pydoc licensemgr_mock.LicenseManagerMock" in out


def test_every_where_next_command_of_the_demo_runs(tmp_path):
    """What the demo points to exists after ``pip install``: each command runs, and says
    what the demo promises (run outside the source tree)."""
    from licensemgr_mock.activation.demo import OUTRO

    commands = re.findall(r"^  - (.+?): ", OUTRO, flags=re.M)
    expected = ["license_manager", "seed_license", "--port", "--product-sku"]
    assert len(commands) == len(expected)
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    for command, needle in zip(commands, expected, strict=True):
        argv = command.split()
        if argv[0] == "python":
            argv[0] = sys.executable
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0 and needle in done.stdout, (command, done.stderr[-2000:])


@pytest.mark.parametrize(
    ("command", "defaults"),
    [
        ("server", ["(default: 127.0.0.1)", "(default: 5000)"]),
        (
            "seed",
            ["(default: $TEST_SERVER_MODE_ENDPOINT", "(default: marketplace)", "(default: 60)"],
        ),
    ],
)
def test_every_subcommands_help_shows_its_defaults(capsys, command, defaults):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    shown = capsys.readouterr().out

    assert done.value.code == 0
    for default in defaults:
        assert default in shown
    options = re.findall(r"^  (--[a-z-]+)", shown, flags=re.M)
    assert options and all(
        "default" in block
        for block in re.split(r"\n  (?=--[a-z])", shown.split("options:")[1])
        if not block.lstrip().startswith(("-h", "--json", "--entitlement"))
    )


def test_ctrl_c_while_the_server_starts_is_one_line_not_a_traceback(monkeypatch, capsys):
    from licensemgr_mock.server import front as server

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(server.LicenseManagerServer, "__init__", interrupted)

    assert main(["server", "--port", "0"]) == 130
    err = capsys.readouterr().err
    assert err == "licensemgr-mock: interrupted\n"


def test_ctrl_c_while_the_package_loads_is_one_line_not_a_traceback(monkeypatch, capsys):
    # The console script's entry imports the package under its guard: interrupt that import.
    import _licensemgr_mock_cli

    class Interrupting:
        def find_spec(self, name, path=None, target=None):
            if name == "licensemgr_mock.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "licensemgr_mock.cli")
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    hook = sys.unraisablehook

    assert _licensemgr_mock_cli.main() == 130
    assert capsys.readouterr().err == "licensemgr-mock: interrupted\n"
    # The launcher's own hook is gone with it: it would end this process at a stray Ctrl-C.
    assert sys.unraisablehook is hook


SWALLOWED_CTRL_C = """
import sys
import _licensemgr_mock_cli

class Unraisable:
    def __del__(self):
        raise KeyboardInterrupt

class SwallowingInterrupt:
    loading = sys.argv[1]

    def find_spec(self, name, path=None, target=None):
        if name == self.loading:
            Unraisable()
        return None

sys.meta_path.insert(0, SwallowingInterrupt())
sys.argv = ["licensemgr-mock", "server", "--port", "0"]
raise SystemExit(_licensemgr_mock_cli.main())
"""


@pytest.mark.parametrize("loading", ["licensemgr_mock.cli", "licensemgr_mock.server.front"])
def test_ctrl_c_that_python_swallows_during_start_up_still_ends_the_command(loading):
    # Ctrl-C inside a weakref callback (the import system frees its module locks in one) is
    # only reported as "Exception ignored"; start-up would go on to serve. Both phases: the
    # package's import, then the server's.
    child = subprocess.run(
        [sys.executable, "-c", SWALLOWED_CTRL_C, loading],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert child.returncode == 130, child.stderr
    assert child.stderr == "licensemgr-mock: interrupted\n"
    assert "serving" not in child.stdout


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
def test_ctrl_c_to_the_real_command_while_it_imports_boto3_prints_no_traceback():
    command = Path(sys.executable).with_name("licensemgr-mock")
    if not command.exists():
        pytest.skip("the console script is not installed beside this Python")
    child = subprocess.Popen(
        [str(command), "server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background job ignores SIGINT; a terminal's foreground job does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    maps = Path(f"/proc/{child.pid}/maps")
    deadline = time.monotonic() + 60
    # _ssl is loaded by urllib3 while boto3 loads: the package's import is under way.
    while "_ssl" not in maps.read_text() and time.monotonic() < deadline:
        time.sleep(0.005)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)

    assert child.returncode == 130, err
    assert err == "licensemgr-mock: interrupted\n"
    assert out == ""


def test_server_without_the_server_extra_says_what_to_install(monkeypatch, capsys):
    # As if moto's server (flask) were not installed: the import of moto's app fails.
    monkeypatch.setitem(sys.modules, "moto.moto_server.werkzeug_app", None)

    assert main(["server", "--port", "0"]) == 2

    err = capsys.readouterr().err
    assert "pip install 'licensemgr-mock[server]'" in err
