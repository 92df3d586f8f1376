"""boto3 default sessions for mocked tests, one per set of AWS_* environment variables.

A boto3 session resolves credentials and region from the environment once and keeps them, so
a session made under the same AWS_* variables is as good as a new one, and far cheaper.
"""

from __future__ import annotations

import os

import boto3

_sessions: dict[tuple[tuple[str, str], ...], boto3.Session] = {}


def session_for_environment() -> boto3.Session:
    """A boto3 session for the current AWS_* environment, made on first need."""
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_")))
    session = _sessions.get(key)
    if session is None:
        session = _sessions[key] = boto3.Session()
    return session
