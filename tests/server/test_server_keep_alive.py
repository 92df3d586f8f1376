"""The HTTP server keeps a connection open after a License Manager answer, as AWS's endpoints
do, and closes it whenever the next request could not be read safely: a body not read to its
end, a client that asks to close, an HTTP/1.0 client, an answer that is not ours, a server
that stops. A kept connection waits for its next request on no thread."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import urllib3.connection

from licensemgr_mock.moto_adapters import router
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
    with running_server(read_timeout=120, max_threads=3) as served:
        yield served


class Connection:
    """One raw client connection: send bytes, read one answer framed by its Content-Length."""

    def __init__(self, server: LicenseManagerServer) -> None:
        self.sock = socket.create_connection(server.address, timeout=PATIENCE)
        self.buffer = b""

    def send(self, raw: bytes, half_close: bool = False) -> None:
        self.sock.sendall(raw)
        if half_close:
            self.sock.shutdown(socket.SHUT_WR)

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buffer += chunk

    def answer(self) -> tuple[int, dict[str, str], Any]:
        """Status, headers (lower-cased names) and JSON body of the next answer."""
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status, headers = http_head(head)
        size = int(headers["content-length"])
        while len(self.buffer) < size:
            self._more()
        body, self.buffer = self.buffer[:size], self.buffer[size:]
        return status, headers, json.loads(body)

    def read_to_close(self) -> bytes:
        """Everything the server sends until it closes the connection."""
        chunks = [self.buffer]
        while chunk := self.sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)

    def closed_by_server(self) -> bool:
        """Whether the server closed its end (reads the end of stream, or a reset)."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def connect(server: LicenseManagerServer) -> Iterator[Any]:
    opened: list[Connection] = []

    def open_one() -> Connection:
        opened.append(Connection(server))
        return opened[-1]

    yield open_one
    for connection in opened:
        connection.close()


def ruleset_request(name: str) -> bytes:
    body = {"Name": name, "Rules": SKU_RULES, "ClientToken": token()}
    return http_request("CreateLicenseAssetRuleset", json.dumps(body).encode())


@needs_model("CreateLicenseAssetRuleset")
def test_boto3_calls_share_one_connection(server, monkeypatch):
    opened = []
    connect = urllib3.connection.HTTPConnection.connect

    def counting_connect(self: Any) -> None:
        opened.append(self)
        connect(self)

    monkeypatch.setattr(urllib3.connection.HTTPConnection, "connect", counting_connect)
    client = server_client(server)

    arn = client.create_license_asset_ruleset(Name="r", Rules=SKU_RULES, ClientToken=token())[
        "LicenseAssetRulesetArn"
    ]
    got = client.get_license_asset_ruleset(LicenseAssetRulesetArn=arn)["LicenseAssetRuleset"]
    listed = client.list_license_asset_rulesets()["LicenseAssetRulesets"]

    assert got["Name"] == "r"
    assert [item["LicenseAssetRulesetArn"] for item in listed] == [arn]
    assert len(opened) == 1


@needs_model("CreateLicenseAssetRuleset")
def test_answers_on_one_connection_come_in_turn_and_each_sees_the_last(connect):
    connection = connect()

    connection.send(ruleset_request("first"))
    created_status, created_headers, created = connection.answer()
    connection.send(http_request("ListLicenseAssetRulesets"))
    listed_status, listed_headers, listed = connection.answer()

    assert (created_status, listed_status) == (200, 200)
    assert "connection" not in created_headers and "connection" not in listed_headers
    arns = [item["LicenseAssetRulesetArn"] for item in listed["LicenseAssetRulesets"]]
    assert arns == [created["LicenseAssetRulesetArn"]]
    assert created_headers["x-amzn-requestid"] != listed_headers["x-amzn-requestid"]


@needs_model("CreateLicenseAssetRuleset")
def test_a_bad_body_on_a_kept_connection_is_a_json_error_and_the_connection_goes_on(connect):
    connection = connect()
    connection.send(http_request("ListLicenseAssetRulesets"))
    assert connection.answer()[0] == 200

    connection.send(http_request("ListLicenseAssetRulesets", b"{not json"))
    status, headers, body = connection.answer()
    connection.send(ruleset_request("after"))
    after_status, _, after = connection.answer()

    assert (status, body["__type"]) == (400, "SerializationException")
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert "connection" not in headers
    assert after_status == 200 and after["LicenseAssetRulesetArn"]


@needs_model("CreateLicenseAssetRuleset")
def test_a_body_cut_short_on_a_kept_connection_is_a_json_error_then_closed(server, connect):
    connection = connect()
    connection.send(http_request("ListLicenseAssetRulesets"))
    assert connection.answer()[0] == 200

    connection.send(http_request("ListLicenseAssetRulesets", b'{"MaxRes', length=500), True)
    status, headers, body = connection.answer()

    assert (status, body["__type"]) == (400, "SerializationException")
    assert headers["connection"] == "close"
    assert connection.closed_by_server()
    # The next connection is served, and the cut request changed nothing.
    assert server_client(server).list_license_asset_rulesets()["LicenseAssetRulesets"] == []


def test_a_body_the_answer_did_not_read_closes_the_connection(connect):
    connection = connect()

    connection.send(http_request("ListLicenseAssetRulesets", method="PUT"))
    status, headers, body = connection.answer()

    assert (status, body["__type"]) == (400, "UnknownOperationException")
    assert headers["connection"] == "close"
    assert connection.closed_by_server()


@pytest.mark.parametrize(
    ("version", "extra"),
    [
        ("HTTP/1.1", "Connection: close\r\n"),
        ("HTTP/1.0", ""),
        ("HTTP/1.0", "Connection: keep-alive\r\n"),
    ],
)
@needs_model("CreateLicenseAssetRuleset")
def test_a_client_that_does_not_keep_the_connection_gets_it_closed(connect, version, extra):
    connection = connect()

    connection.send(http_request("ListLicenseAssetRulesets", version=version, extra=extra))
    status, headers, body = connection.answer()

    assert status == 200 and body["LicenseAssetRulesets"] == []
    assert headers["connection"] == "close"
    assert connection.closed_by_server()


def test_other_services_answer_as_before_and_close(server, connect):
    connection = connect()
    host, port = server.address

    connection.send(
        b"POST / HTTP/1.1\r\nHost: sts.amazonaws.com\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sts/aws4_request,"
        b" SignedHeaders=host, Signature=0\r\n"
        b"Content-Length: 43\r\n\r\nAction=GetCallerIdentity&Version=2011-06-15"
    )
    answer = connection.read_to_close()

    assert answer.startswith(b"HTTP/1.1 200")
    assert b"\r\nConnection: close\r\n" in answer and b"GetCallerIdentityResult" in answer
    assert boto3.client(
        "sts", region_name="us-east-1", endpoint_url=f"http://{host}:{port}"
    ).get_caller_identity()["Account"]


@needs_model("CreateLicenseAssetRuleset")
def test_dropped_clients_do_not_hold_threads(server, connect):
    # More dropped connections than the server has threads: had any kept its thread, the
    # boto3 call below would wait past its patience (the server's read timeout is longer).
    for _ in range(8):
        connection = connect()
        connection.send(http_request("ListLicenseAssetRulesets"))
        assert connection.answer()[0] == 200
        connection.close()
    held = connect()
    held.send(http_request("ListLicenseAssetRulesets", b'{"Max', length=100))

    assert server_client(server).list_license_asset_rulesets()["LicenseAssetRulesets"] == []


@needs_model("CreateLicenseAssetRuleset")
def test_kept_connections_hold_no_thread(server, connect):
    # Three threads, more kept-alive connections than that: each stays open between
    # requests without a thread, and a new connection is still answered.
    kept = []
    for _ in range(5):
        connection = connect()
        connection.send(http_request("ListLicenseAssetRulesets"))
        status, headers, _ = connection.answer()
        assert status == 200 and "connection" not in headers
        kept.append(connection)

    assert server_client(server).list_license_asset_rulesets()["LicenseAssetRulesets"] == []
    for connection in kept:
        connection.send(http_request("ListLicenseAssetRulesets"))
        assert connection.answer()[0] == 200
    prefix = f"lm-server-{server.address[1]}_"
    assert len([t for t in threading.enumerate() if t.name.startswith(prefix)]) <= 3


def test_stopping_the_server_closes_kept_connections():
    served = LicenseManagerServer(port=0, read_timeout=120, max_threads=3)
    served.start()
    connection = Connection(served)
    connection.send(http_request("ListLicenseAssetRulesets"))
    assert "connection" not in connection.answer()[1]
    prefix = f"lm-server-{served.address[1]}"

    served.stop()

    try:
        assert connection.closed_by_server()
    finally:
        connection.close()
    for thread in [t for t in threading.enumerate() if t.name.startswith(prefix)]:
        thread.join(PATIENCE)
        assert not thread.is_alive()


def test_an_internal_error_is_answered_and_closes_the_connection(connect, monkeypatch):
    def broken(*args: Any) -> router.Response:
        raise RuntimeError("a bug")

    monkeypatch.setattr(router, "handle", broken)
    connection = connect()

    connection.send(http_request("ListLicenseAssetRulesets"))
    answer = connection.read_to_close()

    assert answer.startswith(b"HTTP/1.1 500")
    assert b"\r\nConnection: close\r\n" in answer


def test_a_head_request_gets_its_error_head_without_a_body(connect):
    connection = connect()

    connection.send(http_request("ListLicenseAssetRulesets", b"", method="HEAD"))
    head, _, rest = connection.read_to_close().partition(b"\r\n\r\n")

    assert head.startswith(b"HTTP/1.1 400")
    assert b"\r\nx-amzn-ErrorType: UnknownOperationException\r\n" in head
    assert b"\r\nConnection: close" in head and rest == b""


@needs_model("CreateLicenseAssetRuleset")
def test_a_malformed_request_on_a_kept_connection_is_a_400_and_the_next_is_served(server, connect):
    connection = connect()
    connection.send(http_request("ListLicenseAssetRulesets"))
    assert connection.answer()[0] == 200

    connection.send(b"POST / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n")

    assert connection.read_to_close().startswith(b"HTTP/1.1 431")
    assert server_client(server).list_license_asset_rulesets()["LicenseAssetRulesets"] == []


def test_an_idle_kept_connection_is_closed_at_the_read_timeout_without_an_error(caplog):
    served = LicenseManagerServer(port=0, read_timeout=0.5, max_threads=3)
    served.start()
    connection = Connection(served)
    try:
        connection.send(http_request("ListLicenseAssetRulesets"))
        assert "connection" not in connection.answer()[1]

        assert connection.closed_by_server()
    finally:
        connection.close()
        served.stop()
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
