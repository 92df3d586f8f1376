"""State shared by every account of a partition: licenses, grants, checkouts, refresh tokens.

Their ARNs carry no region and cross accounts (a seller's license is checked out by a buyer),
so they live in one store per partition, next to the indexes that make lookups O(1). The moto
adapters keep one per partition where moto's reset clears it with everything else.
"""

from __future__ import annotations

import bisect
import heapq
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import TypeVar

from licensemgr_mock.pipeline import clock
from licensemgr_mock.state.idempotency import IDEMPOTENCY_SECONDS, ClientTokenAnswers, expired
from licensemgr_mock.state.records import Checkout, Grant, License, TokenData

V = TypeVar("V")

# Finished consumptions (checked in, or expired) a store still reports (``lm.consumptions``)
# after they leave the live table, most recent last.
CONSUMPTIONS_KEPT = 10_000
_WINDOW = timedelta(seconds=IDEMPOTENCY_SECONDS)


class Ranked(dict[str, V]):
    """An index in list order (keys are only ever added): it also keeps its keys in a list,
    so a page can resume after a position in O(log n) instead of walking what came before.
    With a ``factory``, a missing key gets a new value, as in a ``defaultdict``."""

    def __init__(self, factory: Callable[[], V] | None = None) -> None:
        super().__init__()
        self._factory = factory
        self._order: list[str] = []

    def __setitem__(self, key: str, value: V) -> None:
        if key not in self:
            self._order.append(key)
        super().__setitem__(key, value)

    def __missing__(self, key: str) -> V:
        if self._factory is None:
            raise KeyError(key)
        self[key] = value = self._factory()
        return value

    def after(self, rank: Callable[[str, V], int], position: int | None) -> Iterator[tuple[str, V]]:
        """(key, value) pairs whose ``rank`` (increasing in list order) is past ``position``
        (all when None), in list order."""
        order = self._order
        start = 0
        if position is not None:
            start = bisect.bisect_right(order, position, key=lambda key: rank(key, self[key]))
        for at in range(start, len(order)):
            key = order[at]
            yield key, self[key]


class Store:
    """Licenses, grants and consumptions of one partition, and their indexes."""

    def __init__(self) -> None:
        # Every call that reads or changes this store holds the lock: no over-allocation.
        self.lock = threading.RLock()
        self.licenses: dict[str, License] = {}
        # ARN -> arrival rank of every license and grant: a list asked for by ARN is put in
        # the order of its full scan by sorting what it looked up, without scanning.
        self.arrival: dict[str, int] = {}
        # issuer account -> its licenses by ARN, oldest first: ListLicenses pages this.
        # (The indexes pages read are Ranked: a page resumes after a position by bisecting.)
        self.issued: dict[str, dict[str, License]] = defaultdict(Ranked)
        # (issuer account, ProductSKU) -> its licenses by ARN, oldest first: ListLicenses by
        # SKU. Every version of a license keeps its SKU, so this index never moves.
        self.issued_by_sku: dict[tuple[str, str], dict[str, License]] = defaultdict(Ranked)
        # (KeyFingerprint, ProductSKU) -> licenses, oldest first: CheckoutLicense's lookup.
        self.by_product: dict[tuple[str, str], list[License]] = defaultdict(list)
        self.grants: dict[str, Grant] = {}
        self.grants_by_license: dict[str, list[Grant]] = defaultdict(list)
        # grantee account -> license ARN -> grants: what an account has received.
        self.received: dict[str, dict[str, list[Grant]]] = defaultdict(lambda: Ranked(list))
        # (grantee account, ProductSKU) -> the same grant lists, in the order received.
        self.received_by_sku: dict[tuple[str, str], dict[str, list[Grant]]] = defaultdict(Ranked)
        # Live consumptions by token, and finished ones for IDEMPOTENCY_SECONDS after they
        # finished: a retried check-in or extension still finds its token (ended, not unknown).
        self.checkouts: dict[str, Checkout] = {}
        # (expiration, token) of every consumption, soonest first, and (check-in, token) of
        # the checked in, oldest first: when each may leave ``checkouts``.
        self._ends: list[tuple[datetime, str]] = []
        self._checked_in: deque[tuple[datetime, str]] = deque()
        # Consumptions that left ``checkouts``, the latest CONSUMPTIONS_KEPT, for reports.
        self.released: deque[Checkout] = deque(maxlen=CONSUMPTIONS_KEPT)
        # Refresh tokens by TokenId.
        self.tokens: dict[str, TokenData] = {}
        self.client_tokens = ClientTokenAnswers()

    def add_license(self, license_: License) -> None:
        """Stores a new license and indexes it."""
        self.licenses[license_.arn] = license_
        self.arrival[license_.arn] = len(self.arrival)
        self.issued[license_.issuer_account][license_.arn] = license_
        sku = license_.current.product_sku
        self.issued_by_sku[(license_.issuer_account, sku)][license_.arn] = license_
        self.index_license(license_)

    def index_license(self, license_: License) -> None:
        """Indexes a license under its current fingerprint and SKU."""
        current = license_.current
        key = (current.issuer.key_fingerprint or "", current.product_sku)
        if license_ not in self.by_product[key]:
            self.by_product[key].append(license_)

    def unindex_license(self, license_: License) -> None:
        """Takes a license out of the product index (before its fingerprint changes)."""
        current = license_.current
        key = (current.issuer.key_fingerprint or "", current.product_sku)
        if license_ in self.by_product.get(key, []):
            self.by_product[key].remove(license_)

    def add_grant(self, grant: Grant) -> None:
        """Stores a new grant and indexes it by license and by grantee."""
        self.grants[grant.arn] = grant
        self.arrival[grant.arn] = len(self.arrival)
        self.grants_by_license[grant.current.license_arn].append(grant)
        received = self.received[grant.grantee_account]
        license_arn = grant.current.license_arn
        if license_arn not in received:
            sku = self.licenses[license_arn].current.product_sku
            self.received_by_sku[(grant.grantee_account, sku)][license_arn] = received[license_arn]
        received[license_arn].append(grant)

    def add_checkout(self, checkout: Checkout) -> None:
        """Stores a new consumption, or notes the new expiration of an extended one."""
        self.checkouts[checkout.license_consumption_token] = checkout
        heapq.heappush(self._ends, (checkout.expires, checkout.license_consumption_token))

    def checked_in(self, checkout: Checkout, moment: datetime) -> None:
        """Notes a check-in: the consumption leaves the table a window later."""
        self._checked_in.append((moment, checkout.license_consumption_token))

    def prune_checkouts(self, moment: datetime) -> None:
        """Moves out of ``checkouts`` (into ``released``) every consumption that nothing can
        refer to any more: checked in, or expired, more than IDEMPOTENCY_SECONDS ago."""
        ends, checkouts = self._ends, self.checkouts
        while ends and clock.later(ends[0][0], _WINDOW) <= moment:
            expiration, token = heapq.heappop(ends)
            checkout = checkouts.get(token)
            # An extended consumption has a later entry; this one is stale.
            if checkout is not None and checkout.expires == expiration:
                self._release(token, moment)
        done = self._checked_in
        while done and expired(done[0][0], moment):
            self._release(done.popleft()[1], moment)
        if len(ends) > 2 * len(checkouts) + 1024:
            # Entries of consumptions already gone: rebuilt, amortised over as many calls.
            self._ends = [(c.expires, t) for t, c in checkouts.items()]
            heapq.heapify(self._ends)

    def _release(self, token: str, moment: datetime) -> None:
        checkout = self.checkouts.get(token)
        if checkout is None:
            return
        if checkout.active:
            # Expired, and its units not yet returned (its license untouched since).
            self.release_expired(self.licenses[checkout.license_arn], moment)
        del self.checkouts[token]
        self.released.append(checkout)

    def compact_expiries(self, license_: License) -> None:
        """Drops the entries of a license's expiry heap whose consumption was checked in (or
        extended) once they outnumber the live table twice: rebuilt, amortised over as many
        check-ins, so checked-in consumptions do not wait in it for their expiration."""
        expiries, checkouts = license_.expiries, self.checkouts
        if len(expiries) > 2 * len(checkouts) + 1024:
            license_.expiries = [
                (expiration, token)
                for expiration, token in expiries
                if (c := checkouts.get(token)) is not None and c.active and c.expires == expiration
            ]
            heapq.heapify(license_.expiries)

    def consumptions(self) -> list[Checkout]:
        """The consumptions a test can inspect: the latest CONSUMPTIONS_KEPT released ones,
        then every one still in the table, each in the order made."""
        return [*self.released, *self.checkouts.values()]

    def release_expired(self, license_: License, moment: datetime) -> None:
        """Returns to the pool every checkout of ``license_`` that expired by ``moment``."""
        expiries = license_.expiries
        while expiries and expiries[0][0] <= moment:
            expiration, token = heapq.heappop(expiries)
            checkout = self.checkouts.get(token)
            # An extension pushes a new entry; the stale one no longer matches and is skipped.
            if checkout is not None and checkout.active and checkout.expires == expiration:
                checkout.active = False
                license_.release(checkout.amounts)
