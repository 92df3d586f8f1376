"""``mock_licensemanager``: one object that is a decorator (sync and async functions,
classes), a context manager, and ``start()``/``stop()``.

It drives a moto ``MockAWS`` (held, not subclassed: moto counts nesting on the class), so
moto's other services answer in the same test and nesting with ``mock_aws`` works either way.
"""

from __future__ import annotations

import functools
import inspect
import os
import unittest
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, cast, overload

import boto3
from moto.core.models import MockAWS, ServerModeMockAWS

from licensemgr_mock import server_mode
from licensemgr_mock.moto_glue.registration import register
from licensemgr_mock.moto_glue.sessions import session_for_environment
from licensemgr_mock.state.store import stores

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

DEFAULT_ACCOUNT = "123456789012"


class LicenseManagerMock:
    """The active (or activatable) mock of License Manager."""

    def __init__(self) -> None:
        register()
        self._active: list[MockAWS] = []

    # -- activation ---------------------------------------------------------------------

    def start(self) -> None:
        """Activates the mock, starting from empty License Manager state."""
        if server_mode.enabled():  # TEST_SERVER_MODE: the state lives in the server
            self._active.append(server_mode.start())
            return
        outermost = not MockAWS._mocks_active
        mock = MockAWS()
        mock.start()
        self._active.append(mock)
        if outermost:
            # moto would make every test build a new boto3 session (~60 ms); one per set of
            # AWS_* variables gives the same isolation from the user's real session.
            # moto's stop() puts back whatever session was there before.
            boto3.DEFAULT_SESSION = session_for_environment()
        _reset_license_manager()

    def stop(self) -> None:
        """Deactivates the mock started last."""
        if not self._active:
            raise RuntimeError("stop() called without a matching start()")
        mock = self._active.pop()
        if isinstance(mock, ServerModeMockAWS):
            return server_mode.stop(mock)
        mock.stop()

    def __enter__(self) -> LicenseManagerMock:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @overload
    def __call__(self, target: C) -> C: ...
    @overload
    def __call__(self, target: F) -> F: ...
    def __call__(self, target: Any) -> Any:
        """Decorates a function, a coroutine function or a class."""
        if inspect.isclass(target):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):
            return self._decorate_coroutine(target)
        return self._decorate_function(target)

    def _decorate_function(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return cast(F, wrapper)

    def _decorate_coroutine(self, func: F) -> F:
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return await func(*args, **kwargs)

        return cast(F, wrapper)

    def _decorate_class(self, cls: C) -> C:
        if issubclass(cls, unittest.TestCase):
            # Active from setUp to the last cleanup, so setUp and tearDown see the mock;
            # the test reaches it (to seed licenses) as ``self.license_manager``.
            original_setup = cls.setUp

            def setUp(case: unittest.TestCase) -> None:
                self.start()
                case.addCleanup(self.stop)
                case.license_manager = self  # type: ignore[attr-defined]
                original_setup(case)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]
            return cls
        for name, value in list(vars(cls).items()):
            if name.startswith("test") and inspect.isfunction(value):
                setattr(cls, name, self(value))
        return cls

    # -- test helpers -------------------------------------------------------------------

    def seed_license(
        self,
        product_sku: str,
        entitlements: list[dict[str, Any]],
        **options: Any,
    ) -> Any:
        """Puts a license in the mock, ready for CheckoutLicense, and returns a
        ``SeededLicense`` (``.arn``, ``.key_fingerprint``, ``.product_sku``, ...).

        ``entitlements`` takes boto3's ``Entitlements`` shape. With no options the license
        is issued by AWS Marketplace, signed by a KMS key of the Marketplace account, valid
        from yesterday with no end, with a 60-minute provisional TTL, and granted (ACTIVE,
        every buyer operation) to the current account. Options: ``issuer`` ("marketplace"
        or "self"), ``issuer_name``, ``product_name``, ``license_name``, ``beneficiary``,
        ``grantee_account``, ``home_region``, ``begin``/``end`` (datetime or ISO string),
        ``provisional_minutes``, ``borrow_minutes`` (enables CheckoutBorrowLicense),
        ``allow_early_check_in``, ``status``, ``signed``, ``allowed_operations``, ``tags``,
        and ``account``/``region`` to seed as another caller.
        """
        if server_mode.enabled():
            return server_mode.seed_license(product_sku, entitlements, **options)
        account = options.pop("account", None) or current_account()
        region = options.pop("region", None) or current_region()
        from licensemgr_mock.moto_glue.models import licensemanager_backends

        backend = licensemanager_backends[account][region]
        with backend.store.lock:
            return backend.seeder.seed_license(product_sku, entitlements, **options)


def current_account() -> str:
    """The account a boto3 call made now would act as (moto's default rules)."""
    return os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT)


def current_region() -> str:
    """The region a boto3 client made now without ``region_name`` would use."""
    return os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "us-east-1"


def _reset_license_manager() -> None:
    from licensemgr_mock.moto_glue.models import licensemanager_backends

    for backend_dict in (licensemanager_backends, stores):
        backend_dict.clear()


def mock_licensemanager(target: Any = None) -> Any:
    """The License Manager mock: ``@mock_licensemanager`` on a function, coroutine function
    or class; ``with mock_licensemanager() as lm:``; or ``m = mock_licensemanager();
    m.start(); ...; m.stop()``."""
    mock = LicenseManagerMock()
    if target is None:
        return mock
    return mock(target)
