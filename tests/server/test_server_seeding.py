"""Seeding over HTTP (``POST /licensemgr-mock/seed-license`` and ``licensemgr-mock seed``),
and License Manager in moto's ``/moto-api``: data.json, the dashboard and the recorder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from cryptography.hazmat.primitives.serialization import load_der_public_key, load_pem_public_key

from licensemgr_mock import LicenseManagerServer
from licensemgr_mock.cli import main
from licensemgr_mock.state.scope import MARKETPLACE_ACCOUNT
from tests.helpers import ONE_SEAT, seats
from tests.server_process import cli, server_process

SEAT_TO_SEED = seats(1, allow_check_in=None)


def endpoint_of(server: LicenseManagerServer) -> str:
    host, port = server.address
    return f"http://{host}:{port}"


def post(url: str, body: Any, method: str = "POST") -> tuple[int, Any]:
    """Status and JSON answer (moto's recorder answers plain text: that is left as text)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    if url.split("/")[3] == "moto-api":
        return status, text
    return status, json.loads(text)


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def lm_state(endpoint: str) -> dict[str, list[dict[str, Any]]]:
    return json.loads(get(endpoint + "/moto-api/data.json"))["licensemanager"]


@pytest.fixture
def endpoint(license_manager_server):
    return endpoint_of(license_manager_server)


def check_out(endpoint: str, fingerprint: str, sku: str = "sku-1") -> dict[str, Any]:
    client = boto3.client("license-manager", region_name="us-east-1", endpoint_url=endpoint)
    return client.checkout_license(
        ProductSKU=sku,
        CheckoutType="PROVISIONAL",
        KeyFingerprint=fingerprint,
        Entitlements=ONE_SEAT,
        ClientToken=uuid.uuid4().hex,
    )


def test_seed_endpoint_answers_what_a_test_needs_and_the_license_checks_out(endpoint, monkeypatch):
    status, seeded = post(
        endpoint + "/licensemgr-mock/seed-license",
        {"product_sku": "sku-1", "entitlements": SEAT_TO_SEED, "borrow_minutes": 30},
    )

    assert status == 200
    assert seeded["arn"].startswith(f"arn:aws:license-manager::{MARKETPLACE_ACCOUNT}:license:l-")
    assert seeded["key_fingerprint"] == "aws:294406891311:AWS/Marketplace:issuer-fingerprint"
    answer = check_out(endpoint, seeded["key_fingerprint"])
    assert answer["LicenseArn"] == seeded["arn"]
    # The KMS key lives in the server's KMS, in the Marketplace account, and its public key
    # is the one answered. (The server runs in this process: it reads MOTO_ACCOUNT_ID here.)
    kms = boto3.client("kms", region_name="us-east-1", endpoint_url=endpoint)
    with monkeypatch.context() as as_marketplace:
        as_marketplace.setenv("MOTO_ACCOUNT_ID", MARKETPLACE_ACCOUNT)
        der = kms.get_public_key(KeyId=seeded["sign_key_arn"])["PublicKey"]
    assert load_der_public_key(der).public_numbers() == (
        load_pem_public_key(seeded["public_key_pem"].encode()).public_numbers()
    )
    (license_,) = lm_state(endpoint)["License"]
    assert license_["LicenseArn"] == seeded["arn"]
    assert license_["ConsumptionConfiguration"]["BorrowConfiguration"]["MaxTimeToLiveInMinutes"]
    assert license_["Consumed"] == {"Seats": 1}


def test_seed_options_reach_the_license(endpoint, monkeypatch):
    status, seeded = post(
        endpoint + "/licensemgr-mock/seed-license",
        {
            "product_sku": "sku-2",
            "entitlements": SEAT_TO_SEED,
            "issuer": "self",
            "account": "111111111111",
            "region": "eu-west-1",
            "begin": "2020-01-01T00:00:00Z",
            "end": "2030-01-01T00:00:00",
            "status": "AVAILABLE",
            "tags": {"team": "a"},
        },
    )

    assert status == 200 and seeded["issuer_account"] == "111111111111"
    assert seeded["grant_arn"] is None
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "111111111111")  # read by the in-process server
    client = boto3.client("license-manager", region_name="eu-west-1", endpoint_url=endpoint)
    got = client.get_license(LicenseArn=seeded["arn"])["License"]
    assert got["HomeRegion"] == "eu-west-1"
    assert got["Validity"] == {"Begin": "2020-01-01T00:00:00Z", "End": "2030-01-01T00:00:00Z"}


def test_bad_seed_requests_name_every_bad_option_and_seed_nothing(endpoint):
    status, error = post(
        endpoint + "/licensemgr-mock/seed-license",
        {
            "entitlements": [{"Name": "Seats"}],
            "borrow_minutes": "thirty",
            "colour": "red",
            "begin": "yesterday",
            "status": "SHINY",
            "account": "42",
            "region": ["us-east-1"],
            "grantee_account": "buyer",
            "home_region": "moon-1",
        },
    )

    assert status == 400 and error["error"] == "InvalidSeedRequest"
    options = {problem["option"] for problem in error["problems"]}
    assert options == {
        "product_sku",
        "entitlements",
        "borrow_minutes",
        "colour",
        "begin",
        "status",
        "account",
        "region",
        "home_region",
        "grantee_account",
    }
    assert "borrow_minutes: must be a positive integer" in error["message"]
    assert lm_state(endpoint)["License"] == []


SEED_BODY = b'{"product_sku": "s", "entitlements": [{"Name": "S", "Unit": "Count"}], %s}'


@pytest.mark.parametrize(
    ("path", "method", "body", "status"),
    [
        ("/licensemgr-mock/seed-license", "POST", b"{not json", 400),
        ("/licensemgr-mock/seed-license", "POST", b"[1, 2]", 400),
        ("/licensemgr-mock/seed-license", "PUT", b"{}", 405),
        # What only seed_license checks answers 400 too (issue 27, items 3 and 4).
        (
            "/licensemgr-mock/seed-license",
            "POST",
            SEED_BODY % b'"borrow_minutes": 10000000000000000000000000000000',
            400,
        ),
        (
            "/licensemgr-mock/seed-license",
            "POST",
            SEED_BODY % b'"begin": "0001-01-01T00:00+05:00"',
            400,
        ),
        ("/licensemgr-mock/seed-license", "POST", b"[" * 100_000 + b"]" * 100_000, 400),
        ("/licensemgr-mock/nothing-here", "POST", b"{}", 404),
    ],
)
def test_malformed_requests_get_json_errors(endpoint, path, method, body, status):
    got_status, error = post(endpoint + path, body, method=method)

    assert got_status == status and error["message"]
    assert lm_state(endpoint)["License"] == []


def test_fixture_starts_every_test_empty(license_manager_server):
    endpoint = endpoint_of(license_manager_server)
    assert lm_state(endpoint)["License"] == []
    post(
        endpoint + "/licensemgr-mock/seed-license",
        {"product_sku": "s", "entitlements": SEAT_TO_SEED},
    )
    assert len(lm_state(endpoint)["License"]) == 1


def test_fixture_starts_every_test_empty_again(license_manager_server):
    # Runs after the test above, on the same session server.
    assert lm_state(endpoint_of(license_manager_server))["License"] == []


def test_seed_command_against_a_running_server(endpoint, capsys):
    code = main(
        [
            "seed",
            "--endpoint-url",
            endpoint,
            "--product-sku",
            "0042",
            "--entitlement",
            json.dumps(SEAT_TO_SEED[0]),
            "--borrow-minutes",
            "15",
            "--json",
            '{"issuer_name": "ignored for marketplace", "tags": {"a": "b"}}',
        ]
    )

    assert code == 0
    seeded = json.loads(capsys.readouterr().out)
    assert seeded["product_sku"] == "0042"  # digits stay a SKU, not a number
    assert check_out(endpoint, seeded["key_fingerprint"], "0042")["LicenseArn"] == seeded["arn"]


def test_seed_command_refuses_bad_options_and_names_them(endpoint, capsys, tmp_path):
    options = tmp_path / "seed.json"
    options.write_text(json.dumps({"product_sku": "s", "entitlements": SEAT_TO_SEED}))

    code = main(["seed", "--endpoint-url", endpoint, "--json", f"@{options}", "--signed", "maybe"])

    assert code == 2
    assert "signed: must be true or false" in capsys.readouterr().err
    assert lm_state(endpoint)["License"] == []


def test_seed_command_says_when_no_server_answers(capsys):
    code = main(["seed", "--endpoint-url", "http://127.0.0.1:9", "--product-sku", "s"])

    assert code == 1
    assert "no server answers at http://127.0.0.1:9" in capsys.readouterr().err


def test_data_json_and_dashboard_show_license_manager_state(endpoint):
    _, seeded = post(
        endpoint + "/licensemgr-mock/seed-license",
        {"product_sku": "sku-1", "entitlements": SEAT_TO_SEED},
    )
    token = check_out(endpoint, seeded["key_fingerprint"])["LicenseConsumptionToken"]
    client = boto3.client("license-manager", region_name="us-east-1", endpoint_url=endpoint)
    configuration = client.create_license_configuration(Name="cores", LicenseCountingType="vCPU")

    state = lm_state(endpoint)

    assert [g["LicenseArn"] for g in state["Grant"]] == [seeded["arn"]]
    (consumption,) = state["LicenseConsumption"]
    assert consumption["license_consumption_token"] == token and consumption["active"] is True
    (row,) = state["LicenseConfiguration"]
    assert row["arn"] == configuration["LicenseConfigurationArn"]
    assert (row["account_id"], row["region"]) == ("123456789012", "us-east-1")
    assert b"<html" in get(endpoint + "/moto-api/").lower()


def test_moto_reset_empties_license_manager_state(endpoint):
    post(
        endpoint + "/licensemgr-mock/seed-license",
        {"product_sku": "s", "entitlements": SEAT_TO_SEED},
    )

    post(endpoint + "/moto-api/reset", {})

    assert lm_state(endpoint)["License"] == []


def test_recorder_records_license_manager_requests_and_replays_them(
    endpoint, tmp_path, monkeypatch
):
    from moto.moto_api import recorder

    monkeypatch.setattr(recorder, "_location", str(tmp_path / "recording"))
    post(endpoint + "/moto-api/recorder/start-recording", {})
    try:
        _, seeded = post(
            endpoint + "/licensemgr-mock/seed-license",
            {"product_sku": "s", "entitlements": SEAT_TO_SEED},
        )
        check_out(endpoint, seeded["key_fingerprint"], "s")
    finally:
        post(endpoint + "/moto-api/recorder/stop-recording", {})
    recording = get(endpoint + "/moto-api/recorder/download-recording").decode()
    entries = [json.loads(line) for line in recording.splitlines()]

    assert [e["url"].rsplit("/", 1)[-1] for e in entries] == ["seed-license", ""]
    assert entries[1]["headers"]["X-Amz-Target"] == "AWSLicenseManager.CheckoutLicense"
    # Replaying the recording seeds and checks out again, in an empty server.
    post(endpoint + "/moto-api/reset", {})
    post(endpoint + "/moto-api/recorder/replay-recording", {})
    (license_,) = lm_state(endpoint)["License"]
    assert license_["ProductSKU"] == "s" and license_["Consumed"] == {"Seats": 1}


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli_checks_out_a_license_seeded_by_the_seed_command():
    with server_process() as endpoint:
        seeded_run = cli(
            "seed",
            "--endpoint-url",
            endpoint,
            "--json",
            json.dumps({"product_sku": "cli-sku", "entitlements": SEAT_TO_SEED}),
        )
        assert seeded_run.returncode == 0, seeded_run.stderr
        seeded = json.loads(seeded_run.stdout)

        def aws_checkout() -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [
                    "aws",
                    "license-manager",
                    "checkout-license",
                    "--endpoint-url",
                    endpoint,
                    "--region",
                    "us-east-1",
                    "--product-sku",
                    "cli-sku",
                    "--checkout-type",
                    "PROVISIONAL",
                    "--key-fingerprint",
                    seeded["key_fingerprint"],
                    "--entitlements",
                    "Name=Seats,Unit=Count,Value=1",
                    "--client-token",
                    uuid.uuid4().hex,
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
                env={
                    "AWS_ACCESS_KEY_ID": "x",
                    "AWS_SECRET_ACCESS_KEY": "x",
                    "PATH": os.environ["PATH"],
                },
            )

        first, second = aws_checkout(), aws_checkout()

    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["LicenseArn"] == seeded["arn"]
    assert second.returncode != 0 and "NoEntitlementsAllowedException" in second.stderr


RECIPE = Path(__file__).resolve().parents[2] / "docs" / "recipes" / "server-seeding.md"


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_the_recipes_shell_commands_run_as_copied_without_aws_credentials_or_config(tmp_path):
    """The recipe's seed and AWS CLI blocks, run by bash on a machine with no AWS settings
    (no AWS_* variables, an empty home) and nothing but the commands the package installs,
    Python and the AWS CLI; only the port is the test server's."""
    blocks = re.findall(r"```bash\n(.*?)```", RECIPE.read_text(), flags=re.S)
    seed = next(b for b in blocks if b.startswith("licensemgr-mock seed"))
    checkout = next(b for b in blocks if "aws license-manager checkout-license" in b)
    assert "uuidgen" not in RECIPE.read_text()
    env = {
        "PATH": os.pathsep.join(
            {
                str(Path(sys.executable).parent),
                str(Path(shutil.which("aws")).parent),
                "/usr/bin",
                "/bin",
            }
        ),
        "HOME": str(tmp_path),
    }
    with server_process() as endpoint:
        script = (seed + checkout).replace("http://127.0.0.1:5000", endpoint)
        done = subprocess.run(
            ["bash", "-e", "-c", script], capture_output=True, text=True, env=env, timeout=180
        )

    assert done.returncode == 0, done.stderr
    assert '"LicenseArn"' in done.stdout and '"EntitlementsAllowed"' in done.stdout
