"""The HTTP server under requests a careful or careless client sends (issue 11, items 7, 9, 10
and 11): every License Manager request gets AWS's JSON answer with a request id, never a 500
page; silent connections are closed; the number of serving threads is bounded."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from licensemgr_mock.server.front import LicenseManagerServer
from tests.helpers import (
    PATIENCE,
    SKU_RULES,
    http_head,
    http_request,
    needs_model,
    running_server,
    server_client,
    token,
)


@pytest.fixture
def server() -> Iterator[LicenseManagerServer]:
    with running_server(read_timeout=0.5, max_threads=2) as served:
        yield served


def send(server: LicenseManagerServer, raw: bytes, half_close: bool = False) -> bytes:
    """Sends ``raw`` bytes and reads until the server closes the connection."""
    with socket.create_connection(server.address, timeout=PATIENCE) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def parsed(answer: bytes) -> tuple[int, dict[str, str], Any]:
    """Status, headers (lower-cased names) and JSON body of an HTTP/1.1 answer."""
    head, _, body = answer.partition(b"\r\n\r\n")
    return (*http_head(head), json.loads(body))


def assert_aws_error(answer: bytes, status: int, code: str) -> dict[str, Any]:
    got_status, headers, body = parsed(answer)
    assert (got_status, body["__type"]) == (status, code), body
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert headers["x-amzn-requestid"]
    return dict(body)


@needs_model("CreateLicenseAssetRuleset")
def test_answers_and_errors_carry_request_ids(server):
    client = server_client(server)

    listed = client.list_license_asset_rulesets()
    with pytest.raises(ClientError) as raised:
        client.get_license_asset_ruleset(
            LicenseAssetRulesetArn="arn:aws:license-manager:us-east-1:123456789012:"
            "license-asset-ruleset:lar-0"
        )

    first = listed["ResponseMetadata"]["RequestId"]
    second = raised.value.response["ResponseMetadata"]["RequestId"]
    assert first and second and first != second


def test_deeply_nested_json_is_a_serialization_error(server):
    answer = send(server, http_request("ListLicenses", b"[" * 200_000))

    assert_aws_error(answer, 400, "SerializationException")


@pytest.mark.parametrize(
    "body", ['{"MaxResults": 5}'.encode("utf-16"), b"\xef\xbb\xbf{}", b'{"Filters": "\xff"}']
)
def test_a_body_that_is_not_utf8_is_a_serialization_error(server, body):
    # AWS's JSON protocol is UTF-8 (docs/decisions/requests.md).
    assert_aws_error(
        send(server, http_request("ListLicenses", body)), 400, "SerializationException"
    )
    assert server_client(server).list_licenses()["Licenses"] == []


def test_bad_chunked_framing_is_a_serialization_error(server):
    raw = http_request("ListLicenses", b"zz\r\n{}\r\n0\r\n\r\n", chunked=True)

    assert_aws_error(send(server, raw), 400, "SerializationException")


@pytest.mark.parametrize(
    ("length", "extra"),
    [
        (2, "Content-Length: 5\r\n"),
        (2, "Connection: close\r\nContent-Length: 5\r\n"),
        (-1, ""),
        ("two", ""),
        ("2, 3", ""),
    ],
    ids=["two-lengths", "two-lengths-close", "negative", "not-a-number", "listed-lengths"],
)
def test_a_body_that_cannot_be_framed_is_refused_and_closed(server, length, extra):
    # RFC 9112 section 6.3 (issue 27, item 13); send() reads until the server closes.
    answer = send(server, http_request("ListLicenses", b"{}", length=length, extra=extra))

    body = assert_aws_error(answer, 400, "SerializationException")
    assert "Content-Length" in body["message"]
    assert parsed(answer)[1]["connection"] == "close"


@pytest.mark.parametrize(
    "chunks",
    [b"2;name=value\r\n{}\r\n0\r\n\r\n", b"2\r\n{}\r\n0;x\r\nX-Sum: 1\r\nX-More: 2\r\n\r\n"],
    ids=["chunk-extension", "trailers"],
)
def test_chunk_extensions_and_trailers_are_accepted(server, chunks):
    answer = send(server, http_request("ListLicenses", chunks, chunked=True))

    status, _, body = parsed(answer)
    assert (status, body) == (200, {"Licenses": []})


def test_a_client_that_stops_mid_body_gets_a_json_error(server):
    raw = http_request("ListLicenses", b'{"MaxRes', length=1000)

    assert_aws_error(send(server, raw, half_close=True), 400, "SerializationException")


def test_a_body_that_never_completes_times_out(server):
    raw = http_request("ListLicenses", b"{", length=1000)

    assert_aws_error(send(server, raw), 408, "RequestTimeoutException")


def test_a_silent_connection_is_closed(server):
    assert send(server, b"") == b""


def test_threads_are_bounded_and_held_connections_do_not_block_for_ever(server):
    held = [socket.create_connection(server.address, timeout=PATIENCE) for _ in range(6)]
    try:
        prefix = f"lm-server-{server.address[1]}"
        serving = [t for t in threading.enumerate() if t.name.startswith(prefix)]
        assert len(serving) <= 2

        # Once the silent connections are cut off, a real request is answered.
        assert server_client(server).list_licenses()["Licenses"] == []
    finally:
        for sock in held:
            sock.close()


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_a_license_manager_target_needs_post(server, method):
    answer = send(server, http_request("ListLicenses", b"{}", method=method))

    body = assert_aws_error(answer, 400, "UnknownOperationException")
    assert method in body["message"]


def test_an_unknown_region_in_the_signature_scope_is_refused(server):
    host, port = server.address
    scope = "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/xx-nowhere-9/lm/aws4"
    raw = (
        f"POST / HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "X-Amz-Target: AWSLicenseManager.ListLicenses\r\n"
        f"{scope}\r\nContent-Length: 2\r\n\r\n{{}}"
    ).encode()

    body = assert_aws_error(send(server, raw), 403, "AuthorizationException")
    assert "xx-nowhere-9" in body["Message"]


def test_an_unknown_client_region_is_refused(server):
    with pytest.raises(ClientError) as raised:
        server_client(server, "xx-nowhere-9").list_licenses()

    assert raised.value.response["Error"]["Code"] == "AuthorizationException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


@needs_model("CreateLicenseAssetRuleset")
def test_a_huge_invalid_arn_gets_a_small_error_body(server):
    body = json.dumps({"LicenseAssetRulesetArn": "arn:" + "x" * 10_000_000}).encode()

    answer = send(server, http_request("GetLicenseAssetRuleset", body))

    assert len(answer) < 4096
    assert_aws_error(answer, 400, "ValidationException")


def test_an_account_header_that_is_no_account_id_is_refused(server):
    raw = http_request(
        "CreateLicenseConfiguration",
        b'{"Name": "c", "LicenseCountingType": "vCPU"}',
        extra="x-moto-account-id: 12345\r\n",
    )

    body = assert_aws_error(send(server, raw), 400, "UnrecognizedClientException")

    assert "The calling account '12345' (from MOTO_ACCOUNT_ID" in body["message"]
    listed = server_client(server).list_license_configurations()["LicenseConfigurations"]
    assert listed == []


@needs_model("CreateLicenseAssetRuleset")
def test_the_server_still_answers_after_every_bad_request(server):
    for raw in (
        http_request("ListLicenses", b"[" * 200_000),
        http_request("ListLicenses", b"zz\r\n", chunked=True),
        http_request("ListLicenses", b"{}", method="GET"),
    ):
        send(server, raw)
    client = server_client(server)

    arn = client.create_license_asset_ruleset(Name="r", Rules=SKU_RULES, ClientToken=token())[
        "LicenseAssetRulesetArn"
    ]

    listed = client.list_license_asset_rulesets()["LicenseAssetRulesets"]
    assert [item["LicenseAssetRulesetArn"] for item in listed] == [arn]
