"""``mock_licensemanager``: one object that is a decorator (sync and async functions,
classes), a context manager (``with`` and ``async with``), and ``start()``/``stop()``.

It drives a moto ``MockAWS`` (held, not subclassed: moto counts nesting on the class), so
moto's other services answer in the same test and nesting with ``mock_aws`` works either way.
License Manager state is reset only by the outermost activation, as moto resets its own.
"""

from __future__ import annotations

import functools
import inspect
import os
import unittest
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, overload

import boto3

from licensemgr_mock.activation.controls import (
    MockClock,
    clear_faults,
    inject_fault,
    server_consumptions,
    server_refusals,
    server_unreturned,
    server_unreturned_tokens,
)
from licensemgr_mock.licenses.seeded import SeededLicense, SeedingError
from licensemgr_mock.moto_adapters.mocking import MockAWS, ServerModeMockAWS, any_mock_active
from licensemgr_mock.moto_adapters.registration import register
from licensemgr_mock.moto_adapters.sessions import session_for_environment
from licensemgr_mock.pipeline import clock
from licensemgr_mock.server import mode as server_mode
from licensemgr_mock.state import faults, refusals
from licensemgr_mock.state.faults import Fault
from licensemgr_mock.state.refusals import Refusal

if TYPE_CHECKING:
    # The state is imported on first use (a start, a seed, a call), not by ``import
    # licensemgr_mock``: its record classes and the API's enums are a third of our import.
    from licensemgr_mock.state.records import Checkout

__all__ = [
    "LicenseManagerMock",
    "MockNotActiveError",
    "SeededLicense",
    "SeedingError",
    "UnreturnedConsumptionError",
    "mock_licensemanager",
]

P = ParamSpec("P")
T = TypeVar("T")
C = TypeVar("C", bound=type)

DEFAULT_ACCOUNT = "123456789012"

# The class-level xunit hooks pytest calls on a plain test class; run mocked when decorated.
_CLASS_HOOKS = ("setup_class", "teardown_class")


class MockNotActiveError(RuntimeError):
    """A test helper (``seed_license``) was called while no License Manager mock is active."""


class UnreturnedConsumptionError(AssertionError):
    """Strict mode: the test left consumptions that were never checked in."""


class LicenseManagerMock:
    """The active (or activatable) mock of License Manager.

    ``strict=True`` fails the activation's end (the test's teardown) when a consumption made
    inside it was never checked in; ``consumptions`` reports what was consumed."""

    # Activations of any LicenseManagerMock now running (moto's count includes mock_aws).
    _depth = 0

    def __init__(self, strict: bool = False) -> None:
        register()
        self.strict = strict
        self._active: list[MockAWS] = []
        # What the last activation consumed: moto's stop() wipes the store, not this report.
        self._consumed: list[Checkout] = []
        # Server mode: the server's refusals when this object's last activation ended (its
        # reset empties them; in-process they outlive the mock).
        self._refused: list[Refusal] | None = None

    # -- activation ---------------------------------------------------------------------

    def start(self) -> None:
        """Activates the mock. The outermost activation (no moto mock active yet) starts
        from empty License Manager state; nested ones share the outer's state."""
        if server_mode.enabled():  # TEST_SERVER_MODE: the state lives in the server
            self._active.append(server_mode.start())
            return
        outermost = not any_mock_active()
        if not LicenseManagerMock._depth:
            # Our first activation, even inside a user's mock_aws: its refusals start empty,
            # with no fault and the system's time.
            refusals.clear()
            _reset_controls()
        mock = MockAWS()
        mock.start()
        self._active.append(mock)
        LicenseManagerMock._depth += 1
        if outermost:
            # moto would make every test build a new boto3 session (~60 ms); one per set of
            # AWS_* variables gives the same isolation from the user's real session.
            # moto's stop() puts back whatever session was there before.
            boto3.DEFAULT_SESSION = session_for_environment()
            # The state is imported on first use, not by ``import licensemgr_mock``.
            from licensemgr_mock.moto_adapters import backends

            backends.reset()

    def stop(self) -> None:
        """Deactivates the mock started last. In strict mode, first raises
        ``UnreturnedConsumptionError`` if a consumption is still checked out (the mock is
        stopped all the same)."""
        if not self._active:
            raise RuntimeError("stop() called without a matching start()")
        last = self._active[-1]
        if isinstance(last, ServerModeMockAWS):
            self._active.pop()
            try:
                # Asked before the outermost activation's end resets the server.
                held = server_unreturned() if self.strict and not self._active else ""
                self._consumed, self._refused = server_consumptions(), server_refusals()
            finally:
                server_mode.stop(last)
            if held:
                raise UnreturnedConsumptionError(held)
            return
        self._consumed = self._live_consumptions()
        # Checked once, when this object's own outermost activation ends.
        unreturned = self.unreturned() if self.strict and len(self._active) == 1 else []
        LicenseManagerMock._depth -= 1
        if not LicenseManagerMock._depth:
            _reset_controls()  # a test's faults and clock end with it
        self._active.pop().stop()
        if unreturned:
            from licensemgr_mock.moto_adapters import backends

            raise UnreturnedConsumptionError(backends.describe_unreturned(unreturned))

    @property
    def active(self) -> bool:
        """Whether this object has an activation running."""
        return bool(self._active)

    def __enter__(self) -> LicenseManagerMock:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is not None:
            # The test's own failure is the one to report; strict findings would hide it.
            strict, self.strict = self.strict, False
            try:
                self.stop()
            finally:
                self.strict = strict
            return
        self.stop()

    async def __aenter__(self) -> LicenseManagerMock:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, traceback)

    @overload
    def __call__(self, target: C) -> C: ...
    @overload
    def __call__(
        self, target: Callable[P, Coroutine[Any, Any, T]]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __call__(self, target: Callable[P, T]) -> Callable[P, T]: ...
    def __call__(self, target: Any) -> Any:
        """Decorates a function, a coroutine function or a class, keeping its signature."""
        if inspect.isclass(target):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):
            return self._decorate_coroutine(target)
        return self._decorate_function(target)

    def _decorate_function(self, func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            with self:
                return func(*args, **kwargs)

        return wrapper

    def _decorate_coroutine(
        self, func: Callable[P, Awaitable[T]]
    ) -> Callable[P, Coroutine[Any, Any, T]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            with self:
                return await func(*args, **kwargs)

        return wrapper

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
            self._wrap_class_hooks(cls, ("setUpClass", "tearDownClass"))
            return cls
        return self._decorate_plain_class(cls)

    def _decorate_plain_class(self, cls: C) -> C:
        """Like moto's class decorator: every test method, inherited ones included, and
        every setup/teardown hook runs mocked. One activation spans setup_method, the test
        and teardown_method, so what setup_method makes is there in the test (nested
        activations share state)."""
        for name in dir(cls):
            value = inspect.getattr_static(cls, name)
            if name.startswith("test") and inspect.isfunction(value):
                setattr(cls, name, self(value))
        self._wrap_class_hooks(cls, _CLASS_HOOKS)
        original_setup = getattr(cls, "setup_method", None)
        original_teardown = getattr(cls, "teardown_method", None)

        def setup_method(case: object, method: object = None) -> None:
            self.start()
            try:
                _call_hook(original_setup, case, method)
            except BaseException:
                self.stop()
                raise

        def teardown_method(case: object, method: object = None) -> None:
            try:
                _call_hook(original_teardown, case, method)
            finally:
                self.stop()

        cls.setup_method = setup_method  # type: ignore[attr-defined]
        cls.teardown_method = teardown_method  # type: ignore[attr-defined]
        return cls

    def _wrap_class_hooks(self, cls: type, names: tuple[str, ...]) -> None:
        """Runs the class-level hooks the user defined (not unittest's empty ones) mocked."""
        for name in names:
            value = inspect.getattr_static(cls, name, None)
            inherited_empty = getattr(unittest.TestCase, name, None)
            if isinstance(value, classmethod | staticmethod) and (
                inherited_empty is None or value.__func__ is not inherited_empty.__func__
            ):
                setattr(cls, name, classmethod(self._class_hook(value)))

    def _class_hook(self, hook: classmethod[Any, ..., Any] | staticmethod[..., Any]) -> Any:
        """``setup_class``/``teardown_class`` run in an activation of their own. pytest
        passes the class only to a hook that declares a parameter, so the wrapper does."""
        func: Any = hook.__func__

        def run(cls: type) -> None:
            with self:
                if isinstance(hook, classmethod):
                    func(cls)
                else:
                    func()

        return run

    # -- test helpers -------------------------------------------------------------------

    def seed_license(
        self,
        product_sku: str,
        entitlements: list[dict[str, Any]],
        *,
        issuer: str = "marketplace",
        issuer_name: str | None = None,
        product_name: str | None = None,
        license_name: str | None = None,
        beneficiary: str | None = None,
        grantee_account: str | None = None,
        home_region: str | None = None,
        begin: datetime | str | None = None,
        end: datetime | str | None = None,
        provisional_minutes: int | None = 60,
        borrow_minutes: int | None = None,
        allow_early_check_in: bool = True,
        status: str = "AVAILABLE",
        signed: bool = True,
        allowed_operations: list[str] | None = None,
        license_metadata: dict[str, str] | None = None,
        tags: dict[str, str] | None = None,
        account: str | None = None,
        region: str | None = None,
    ) -> SeededLicense:
        """Puts a license in the mock, ready for CheckoutLicense, and returns a
        ``SeededLicense`` (``.arn``, ``.key_fingerprint``, ``.product_sku``, ...).

        ``entitlements`` takes boto3's ``Entitlements`` shape. With no options the license
        is issued by AWS Marketplace, signed by a KMS key of the Marketplace account, valid
        from yesterday with no end, with a 60-minute provisional TTL, and granted (ACTIVE,
        every buyer operation) to the current account. ``issuer`` is "marketplace" or
        "self"; ``begin``/``end`` take a datetime or an ISO 8601 string, naive ones meaning
        UTC; ``borrow_minutes`` enables CheckoutBorrowLicense; ``account``/``region`` seed as
        another caller. Every option is checked here: bad ones raise one ``SeedingError``
        (a ValueError) naming each (``.problems``). Outside an active mock, raises
        ``MockNotActiveError``.
        """
        # First, before any other local: every option by name (SEED_OPTIONS, which a test
        # holds this signature to).
        options = {name: value for name, value in locals().items() if name != "self"}
        if server_mode.enabled():
            # The server holds the state: the same options go to its seed endpoint.
            del options["product_sku"], options["entitlements"]
            return server_mode.seed_license(product_sku, entitlements, **options)
        if not self._active and not any_mock_active():
            raise MockNotActiveError(
                "seed_license() needs an active mock: call it inside `with "
                "mock_licensemanager() as lm:`, a function decorated with `@lm` (where "
                "`lm = mock_licensemanager()`), or a test using the `license_manager` fixture."
            )
        from licensemgr_mock.moto_adapters import backends

        return backends.seed_license(options, current_account(), current_region())

    # -- what surrounds a call: faults and time ------------------------------------------

    def inject_fault(
        self,
        operation: str,
        error: str,
        *,
        times: int | None = None,
        probability: float = 1.0,
        seed: int | None = None,
    ) -> Fault:
        """Makes calls of ``operation`` (an operation name, or ``"*"`` for every one) fail
        with ``error``: an error code the operation's model lists, a common AWS one
        (``ThrottlingException``, ``ServiceUnavailable``, ``InternalFailure``), answered as
        the service answers it; ``"unreachable"`` (botocore raises EndpointConnectionError
        after its retries) or ``"timeout"`` (ReadTimeoutError). ``times`` fails the next N
        matching calls (None: every one); ``probability`` fails that share of them, drawn
        from ``random.Random(seed)``. A failed call changes nothing. Answers the ``Fault``
        (``.hits``, ``.remove()``); a bad argument raises ValueError naming the allowed
        values. Under TEST_SERVER_MODE the fault is the server's."""
        return inject_fault(operation, error, times, probability, seed)

    def clear_faults(self) -> None:
        """Ends every injected fault."""
        clear_faults()

    @property
    def clock(self) -> MockClock:
        """The mock's clock: ``advance(seconds_or_timedelta)``, ``set(datetime)``,
        ``reset()``, ``now()``; on the server under TEST_SERVER_MODE."""
        return _CLOCK

    # -- what the test did --------------------------------------------------------------

    @property
    def refusals(self) -> list[Refusal]:
        """The latest NoEntitlementsAllowedException answers, oldest first, each with the
        real cause AWS does not tell (``.reason``). Also logged on the
        ``licensemgr_mock.refusals`` logger. Under TEST_SERVER_MODE, the server's."""
        if not server_mode.enabled():
            return refusals.recent()
        if self._refused is not None and not self._active:
            return list(self._refused)
        return server_refusals()

    @property
    def consumptions(self) -> list[Checkout]:
        """The consumptions (checkouts and borrows) made since the outermost activation
        began: every live one, and the latest 10,000 finished ones once they leave the store
        (ten minutes after their check-in or expiry), finished first, each in the order made;
        ``.active`` is False once checked in or expired. After ``stop()``, what there was
        when it stopped. Under TEST_SERVER_MODE, the server's."""
        return self._live_consumptions() if self._active else list(self._consumed)

    def _live_consumptions(self) -> list[Checkout]:
        if self._on_server:
            return server_consumptions()
        from licensemgr_mock.moto_adapters import backends

        return backends.all_consumptions()

    @property
    def _on_server(self) -> bool:
        """Whether this object's running activation is a TEST_SERVER_MODE one."""
        return bool(self._active) and isinstance(self._active[-1], ServerModeMockAWS)

    def unreturned(self) -> list[Checkout]:
        """The consumptions still held: never checked in and not yet expired. PERPETUAL
        checkouts are left out: they draw their units for good and are not checked in.
        Under TEST_SERVER_MODE, by the server's clock."""
        if self._on_server:
            held = server_unreturned_tokens()
            return [c for c in self.consumptions if c.license_consumption_token in held]
        from licensemgr_mock.moto_adapters import backends

        return backends.unreturned(self.consumptions)


_CLOCK = MockClock()


def _reset_controls() -> None:
    faults.registry.clear()
    clock.reset()


def _call_hook(hook: Callable[..., object] | None, case: object, method: object) -> None:
    """Calls a user's setup_method/teardown_method, with ``method`` only if it takes one
    (pytest allows both)."""
    if hook is None:
        return
    if len(inspect.signature(hook).parameters) >= 2:
        hook(case, method)
    else:
        hook(case)


def current_account() -> str:
    """The account a boto3 call made now would act as (moto's default rules)."""
    return os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT)


def current_region() -> str:
    """The region a boto3 client made now without ``region_name`` would use."""
    return os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "us-east-1"


@overload
def mock_licensemanager(target: None = None, *, strict: bool = False) -> LicenseManagerMock: ...
@overload
def mock_licensemanager(target: C, *, strict: bool = False) -> C: ...
@overload
def mock_licensemanager(
    target: Callable[P, Coroutine[Any, Any, T]], *, strict: bool = False
) -> Callable[P, Coroutine[Any, Any, T]]: ...
@overload
def mock_licensemanager(target: Callable[P, T], *, strict: bool = False) -> Callable[P, T]: ...
def mock_licensemanager(target: Any = None, *, strict: bool = False) -> Any:
    """The License Manager mock: ``@mock_licensemanager`` on a function, coroutine function
    or class; ``with mock_licensemanager() as lm:`` (or ``async with``); or
    ``m = mock_licensemanager(); m.start(); ...; m.stop()``. ``strict=True`` fails at the
    end when consumptions were never checked in."""
    mock = LicenseManagerMock(strict=strict)
    if target is None:
        return mock
    return mock(target)
